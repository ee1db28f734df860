"""Traces in and out of files and other programs.

    json.py      the JSON trace format: dumps/write (a row at a time), loads/load_file (bounded), trace_from_dict
    jsonread.py  a JSON reader with limits (digits, depth) for files we did not write
    npz.py       the NPZ format (numpy archive, headers checked before anything is decompressed)
    load.py      load(path): sniffs JSON or NPZ; as_trace() accepts a Trace, a dict, JSON text or a path;
                 read_trace(): a saved trace (or a homework key's variant), every problem one message
    bounded.py   reading a file we did not write, at most a limit of bytes
    finite.py    NaN and infinity: which outputs may hold them (the screen, a page) and which refuse them
    arrays.py    Trace.from_arrays: arrays a user already has (numpy or PyTorch layouts) -> a Trace
    capture.py   capture(module, x): a live PyTorch attention module's own numbers -> a Trace (torch extra)
"""
