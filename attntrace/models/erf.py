"""The error function erf, vectorised in numpy, for the exact GELU.

numpy has no erf, and `math.erf` one value at a time is far too slow for a BERT feed-forward layer
(512 tokens × 1536 units × 6 layers is 4.7 million values). This is W. J. Cody's rational Chebyshev
approximation ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969, as in
his CALERF routine from SPECFUN), accurate to about 1e-16 relative in float64, in three ranges of |x|:

* |x| ≤ 0.46875:       erf(x) = x · P(x²) / Q(x²)
* 0.46875 < |x| ≤ 4:   erfc(x) = exp(−x²) · P(x) / Q(x)
* |x| > 4:             erfc(x) = exp(−x²) / x · (1/√π + 1/x² · P(1/x²) / Q(1/x²))

and erf = 1 − erfc outside the first range. exp(−x²) is computed as exp(−y²)·exp(−(x−y)(x+y)) with y
x rounded down to a multiple of 1/16, so the rounding error of x² is not amplified by exp.
The tests compare it with math.erf on a dense grid.
"""

from __future__ import annotations

import numpy as np

_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
      1.85777706184603153e-1)
_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03)
_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
      8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
      2.15311535474403846e-8)
_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
      3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03)
_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
      6.58749161529837803e-4, 1.63153871373020978e-2)
_Q = (2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
      2.33520497626869185e-3)
_SQRT_PI_INV = 5.6418958354775628695e-1  # 1/√π
_THRESHOLD = 0.46875
_XBIG = 26.543  # erfc(x) underflows to 0 beyond this


# The polynomials are evaluated in place (num += a; num *= z is (num + a)·z, bit for bit): the GELU
# runs on every feed-forward unit of every token, and fresh temporaries per term cost more than the sums.


def _horner(z: np.ndarray, top: float, num_coeffs, den_coeffs) -> tuple[np.ndarray, np.ndarray]:
    """Cody's numerator and denominator recurrences: num = (…((top·z + a0)·z + a1)…)·z, den likewise from z."""
    num, den = top * z, z.copy()
    for a, b in zip(num_coeffs, den_coeffs, strict=True):
        num += a
        num *= z
        den += b
        den *= z
    return num, den


def _small(x: np.ndarray) -> np.ndarray:
    """erf(x) for |x| ≤ 0.46875."""
    z = x * x
    num, den = _horner(z, _A[4], _A[:3], _B[:3])
    num += _A[3]
    den += _B[3]
    num *= x
    num /= den
    return num  # x·(num + A3)/(den + B3)


def _exp_minus_square(y: np.ndarray) -> np.ndarray:
    """exp(−y²), split so that the rounding of y² is not magnified (Cody's trick)."""
    y16 = np.trunc(y * 16.0) / 16.0
    return np.exp(-y16 * y16) * np.exp(-(y - y16) * (y + y16))


def _erfc_middle(y: np.ndarray) -> np.ndarray:
    """erfc(y) for 0.46875 < y ≤ 4."""
    num, den = _horner(y, _C[8], _C[:7], _D[:7])
    num += _C[7]
    den += _D[7]
    out = _exp_minus_square(y)
    out *= num
    out /= den
    return out


def _erfc_large(y: np.ndarray) -> np.ndarray:
    """erfc(y) for y > 4 (0 beyond 26.543, where it underflows)."""
    y = np.minimum(y, _XBIG)
    z = 1.0 / (y * y)
    num, den = _horner(z, _P[5], _P[:4], _Q[:4])
    num += _P[4]
    den += _Q[4]
    r = z * num / den
    out = _exp_minus_square(y) * (_SQRT_PI_INV - r) / y
    return np.where(y >= _XBIG, 0.0, out)


def erf(x: np.ndarray) -> np.ndarray:
    """erf(x) = 2/√π ∫₀ˣ exp(−t²) dt, element-wise, float64; same shape as x."""
    x = np.asarray(x, dtype=np.float64)
    y = np.abs(x)
    out = np.empty_like(x)
    small = y <= _THRESHOLD
    middle = (y > _THRESHOLD) & (y <= 4.0)
    large = y > 4.0
    out[small] = _small(x[small])
    out[middle] = np.copysign(1.0 - _erfc_middle(y[middle]), x[middle])
    out[large] = np.copysign(1.0 - _erfc_large(y[large]), x[large])
    nan = np.isnan(x)
    if nan.any():
        out[nan] = np.nan
    return out
