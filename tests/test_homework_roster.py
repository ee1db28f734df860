"""Rosters as spreadsheets and course sites export them: encodings, delimiters, headers, empty rows."""

import pytest
from typer.testing import CliRunner

from attntrace.cli import app
from attntrace.homework import RosterError, read_roster

NAMES = [("s001", "王小明"), ("s002", "Zoë Müller")]


def plain(delimiter=","):
    return "".join(f"{a}{delimiter}{b}\r\n" for a, b in [("id", "name"), *NAMES])


@pytest.mark.parametrize("data", [
    plain().encode("utf-8"),
    plain().encode("utf-8-sig"),
    plain().encode("utf-16"),                     # Excel's "Unicode text" (with a byte-order mark)
    plain("\t").encode("utf-16-le"),               # without one, tab-separated
    plain(";").encode("utf-8"),                    # European Excel
    plain().replace("Zoë Müller", "Li Lei").encode("gbk"),  # Excel's plain "CSV" on a Chinese Windows
])
def test_encodings_and_delimiters_are_detected(data):
    students = read_roster(data)
    assert [s.id for s in students] == ["s001", "s002"]
    assert students[0].name == "王小明"


def test_named_encoding_and_an_unreadable_file():
    latin = plain().replace("王小明", "José").encode("cp1252")
    assert read_roster(latin, encoding="cp1252")[0].name == "José"
    with pytest.raises(RosterError, match="--encoding"):
        read_roster(b"id,name\n\x81\xff\x81,A\n")
    with pytest.raises(RosterError, match="not an encoding"):
        read_roster(b"id,name\n", encoding="nope")


@pytest.mark.parametrize("text, ids, names", [
    # Canvas gradebook export: Student, ID (Canvas's own), SIS User ID; a "Points Possible" row
    ("Student,ID,SIS User ID,SIS Login ID,Section,HW1\n    Points Possible,,,,,10\n"
     '"Lee, Ann",17,s001,alee,A,\n', ["s001"], ["Lee, Ann"]),
    # Moodle participants export: First name, Surname, ID number, Email address
    ("First name,Surname,ID number,Email address\nAnn,Lee,s001,a@x.org\n", ["s001"], ["Ann Lee"]),
    ("Student ID,Student Name\ns001,Ann Lee\n", ["s001"], ["Ann Lee"]),
    ("学号,姓名\n2026001,王小明\n", ["2026001"], ["王小明"]),
    ("id\ns001\ns002\n", ["s001", "s002"], ["", ""]),          # ids only
    ("id,name\ns001,A\n,,\n,,\n\n", ["s001"], ["A"]),           # the ,,, rows Excel leaves at the end
])
def test_course_site_headers(text, ids, names):
    students = read_roster(text)
    assert [s.id for s in students] == ids and [s.name for s in students] == names


def test_columns_named_by_the_teacher():
    text = "Matrikel,Vorname,Nachname\n1,Anna,Berg\n"
    with pytest.raises(RosterError, match="--id-column"):
        read_roster(text)
    s = read_roster(text, id_column="matrikel", name_columns=("Vorname", "Nachname"))
    assert (s[0].id, s[0].name) == ("1", "Anna Berg")
    with pytest.raises(RosterError, match="'Email'"):
        read_roster(text, id_column="Email")


def test_cli_reads_a_gbk_semicolon_roster_with_options(tmp_path):
    (tmp_path / "r.csv").write_bytes("编号;名;姓\r\nx1;小明;王\r\n;;\r\n".encode("gbk"))
    result = CliRunner().invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster",
                                      str(tmp_path / "r.csv"), "--id-column", "编号"])
    assert result.exit_code == 0, result.stderr
    assert "小明 王" in (tmp_path / "hw" / "students" / "x1.md").read_text(encoding="utf-8")
    (tmp_path / "bad.csv").write_bytes(b"id,name\n\x81\xff,A\n")
    result = CliRunner().invoke(app, ["homework", "new", "--out", str(tmp_path / "hw2"), "--roster",
                                      str(tmp_path / "bad.csv")])
    assert result.exit_code == 1 and "CSV UTF-8" in result.stderr and "Traceback" not in result.stderr


# --- forgiving parsing of what students type -------------------------------------------------------------

def test_bare_decimals_quoted_numbers_fractions_and_trailing_commas_are_read():
    from attntrace.homework.grade import answer_array, parse_submission

    text = 'student_id = "s1"\nvariant = "A"\n[answers]\nQ = [[.34, -.5, "0.12", "1/3",],]\n'
    sub = parse_submission(text, "s1.toml")
    assert not sub.problems and sub.student_id == "s1"
    arr, problem = answer_array(sub.answers["Q"], (1, 4))
    assert problem is None
    assert arr[0].tolist() == pytest.approx([0.34, -0.5, 0.12, 1 / 3])
    _, problem = answer_array([["x", "1/0"]], (1, 2))
    assert problem is not None and problem.key == "hw.sub.not_numbers"


def test_a_garbage_file_is_attributed_to_the_student_its_name_names(tmp_path):
    from attntrace.homework import grade_all, key_loads

    (tmp_path / "r.csv").write_text("id,name\ns001,Ann\ns002,Bo\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster",
                                      str(tmp_path / "r.csv")])
    assert result.exit_code == 0, result.stderr
    key = key_loads((tmp_path / "hw" / "key.json").read_text(encoding="utf-8"))
    results = grade_all(key, [("s001.toml", b"\x00garbage[[[")])
    rows = {r.student_id: r for r in results}
    assert set(rows) == {"s001", "s002"}  # no anonymous row
    assert rows["s001"].status != rows["s002"].status and rows["s001"].problems


# A Canvas gradebook export as Canvas writes it: the internal ID, an empty SIS User ID for the test student
# (Student View), the "Points Possible" row with its leading spaces, assignment and score columns.
CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Homework 1 (4711),Current Score,Unposted Current Score,"
    "Final Score\r\n"
    "    Points Possible,,,,,10.00,(read only),(read only),(read only)\r\n"
    '"Lee, Ann",101,s001,alee,CS 224 Section 1,8.50,85.00,85.00,85.00\r\n'
    '"Student, Test",9999,,,CS 224 Section 1,,,,\r\n'
    '"王, 小明",102,s002,xwang,CS 224 Section 1,9.00,90.00,90.00,90.00\r\n'
)


def test_canvas_export_skips_the_test_student_with_a_notice(tmp_path):
    students = read_roster(CANVAS)
    assert [(s.id, s.name) for s in students] == [("s001", "Lee, Ann"), ("s002", "王, 小明")]
    assert students.skipped == ((4, "Student, Test"),)
    (tmp_path / "r.csv").write_text(CANVAS, encoding="utf-8")
    result = CliRunner().invoke(app, ["homework", "new", "--out", str(tmp_path / "hw"), "--roster",
                                      str(tmp_path / "r.csv"), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert "skipped line 4 of the roster, Student, Test: Canvas's test student" in result.stderr
    assert sorted(p.name for p in (tmp_path / "hw" / "students").glob("*.toml")) == ["s001.toml", "s002.toml"]


def test_another_row_without_an_id_names_its_line_name_and_column():
    text = CANVAS.replace('"Lee, Ann",101,s001,', '"Lee, Ann",101,,')
    with pytest.raises(RosterError) as e:
        read_roster(text)
    assert str(e.value) == ("the roster's line 3 (Lee, Ann) has no id in the column 'SIS User ID'; if the ids are "
                            "in another column, name it with --id-column")
    by_login = read_roster(text, id_column="SIS Login ID")  # the teacher's way out, as the message says
    assert [s.id for s in by_login] == ["alee", "xwang"] and by_login.skipped == ((4, "Student, Test"),)
    named = read_roster("id,name\n,Test Student\ns1,A\n")  # the other spelling; ids only is no test student
    assert [s.id for s in named] == ["s1"] and named.skipped == ((2, "Test Student"),)
    with pytest.raises(RosterError, match="line 3 has no id in the column 'id'"):  # no name to give
        read_roster("id,section\ns1,X\n,Y\n")
