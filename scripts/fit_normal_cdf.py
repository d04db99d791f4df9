# Fits the polynomials of include/activ/kernels/normal_cdf.hpp (gelu): G = e^{a^2/2} Q(a) and
# the derivative's forms on each interval, for relative error (mpmath chebyfit).
# Usage: python3 scripts/fit_normal_cdf.py float "[0,1.5,3.5,15]" 10 9
#        python3 scripts/fit_normal_cdf.py double "[0,1.5,3.5,39]" 20 18
import mpmath as mp, sys, struct
mp.mp.dps = 50
c = 1/mp.sqrt(2*mp.pi)
def g(a): return mp.exp(a*a/2)*mp.erfc(a/mp.sqrt(2))/2
def K(a): return g(a) - a*c
a0 = mp.findroot(K, mp.mpf('0.75'))
dK0 = mp.diff(K, a0)
def f32(x): return mp.mpf(struct.unpack('f', struct.pack('f', float(x)))[0])
def f64(x): return mp.mpf(float(x))
def fit(f, lo, hi, deg, rnd):
    # one near-minimax fit; c0 kept as a pair (hi, lo), the others rounded to the type
    return rounded(f, lo, hi, list(reversed(mp.chebyfit(f, [lo, hi], deg + 1))), rnd)
def rounded(f, lo, hi, cs, rnd):
    # coefficients rounded to the type, c0 as a pair (hi, lo); the fit's relative error after
    # rounding, and the check that Fast2Sum in the last Horner step holds: |c0| >= |v r1|
    c0_lo = rnd(cs[0] - rnd(cs[0]))
    cs = [rnd(cs[0]) + c0_lo] + [rnd(x) for x in cs[1:]]
    m = 0
    for i in range(401):
        x = lo + (hi-lo)*i/400
        v = f(x); p = mp.polyval(list(reversed(cs)), x)
        m = max(m, abs(p-v)/abs(v))
    hi_ = cs[0] - c0_lo
    for i in range(201):
        x = lo + (hi-lo)*i/200
        assert abs(mp.polyval(list(reversed(cs[1:])), x) * x) <= abs(hi_) or hi_ == 0, (x)
    return [hi_, c0_lo] + cs[1:], m
def run(ctype, bounds, deg_v, deg_d):
    rnd = f32 if ctype == "float" else f64
    sfx = "f" if ctype == "float" else ""
    nd = 10 if ctype == "float" else 20
    a0_hi = rnd(a0); a0_lo = rnd(a0 - a0_hi)
    print(f"// {ctype}: a0 = {mp.nstr(a0, 25)}  hi {mp.nstr(a0_hi, 20)} lo {mp.nstr(a0_lo, 20)}")
    shifts = []; V = []; D = []
    for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
        lo = mp.mpf(lo); hi = mp.mpf(hi)
        if i == 0:
            G = lambda v: g(a0 + v)
            R = lambda v: dK0 if abs(v) < mp.mpf('1e-30') else K(a0 + v)/v
            cv, ev = fit(G, lo - a0, hi - a0, deg_v, rnd)
            cd, ed = fit(R, lo - a0, hi - a0, deg_d, rnd)
            shifts.append(mp.mpf(0))
        else:
            tm = mp.mpf(int((1/lo + 1/hi)/2 * 1024)) / 1024
            shifts.append(tm)
            H = lambda v, tm=tm: g(1/(v+tm))*(1/(v+tm))
            L = lambda v, tm=tm: c - (v+tm)*g(1/(v+tm))
            cv, ev = fit(H, 1/hi - tm, 1/lo - tm, deg_v, rnd)
            cd, ed = fit(L, 1/hi - tm, 1/lo - tm, deg_d, rnd)
        print(f"// interval {i} [{lo}, {hi}] shift {tm if i else 'a0'}: value fit {mp.nstr(ev,3)}, derivative fit {mp.nstr(ed,3)}")
        V.append(cv); D.append(cd)
    return a0_hi, a0_lo, shifts, V, D
def emit(ctype, bounds, deg_v, deg_d):
    a0_hi, a0_lo, shifts, V, D = run(ctype, bounds, deg_v, deg_d)
    sfx = "f" if ctype == "float" else ""
    nd = 10 if ctype == "float" else 21
    def s(x):
        t = ('%.9g' if sfx else '%.17g') % float(x)
        if '.' not in t and 'e' not in t: t += '.0'
        return t + sfx
    print(f"    static constexpr {ctype} a0_hi = {s(a0_hi)};")
    print(f"    static constexpr {ctype} a0_lo = {s(a0_lo)};")
    print(f"    static constexpr std::array<{ctype}, {len(bounds)-2}> bounds = {{{', '.join(s(b) for b in bounds[1:-1])}}};")
    print(f"    static constexpr {ctype} a_max = {s(bounds[-1])};")
    print(f"    static constexpr std::array<{ctype}, {len(bounds)-1}> shifts = {{{', '.join(s(b) for b in shifts)}}};")
    for name, P, n in (("value", V, deg_v+2), ("derivative", D, deg_d+2)):
        print(f"    static constexpr std::array<std::array<{ctype}, {n}>, {len(P)}> {name} = {{{{")
        for cs in P:
            print("        {" + ", ".join(s(x) for x in cs) + "},")
        print("    }};")


# The table form (AVX-512 float, kernels::normal_tail's lookup path): 16 intervals indexed by the
# top bits of t = a + offset (2 mantissa bits of t in [1, 16): 4 intervals per binade, so
# narrow where g bends most and wide where it is ~1/a), one polynomial per interval in
# w = a - center, degree `deg` for both forms:
#   value:      G(w) = g(center + w)                          (a Q(a) = e^{-a^2/2} a G)
#   derivative: D(w) = g(a) - a/sqrt(2 pi), a = center + w    (Q - a phi = e^{-a^2/2} D)
#               in the root's interval and its neighbours center = a0 (a pair) and D = u R(u):
#               the table holds R there.
# Tables are stored by lane index: interval k sits at (k + rotate) mod 16, rotate = the low 4
# bits of (encoding(1.0) >> 21).
# Usage: python3 scripts/fit_normal_cdf.py float-table 1.125 14.75 6
def fit_relative(f, lo, hi, deg, rnd, fixed_c0=None):
    # near-minimax for relative error: weighted least squares on Chebyshev nodes, reweighted
    # (Lawson's iteration) towards the largest relative errors; c0 as a pair, as in fit().
    n = 120
    xs = [(lo + hi)/2 + (hi - lo)/2*mp.cos(mp.pi*(i + mp.mpf(1)/2)/n) for i in range(n)]
    fs = [f(x) for x in xs]
    first = 0 if fixed_c0 is None else 1
    wts = [mp.mpf(1)]*n
    for it in range(30):
        A = mp.matrix(n, deg + 1 - first); b = mp.matrix(n, 1)
        for i, (x, v) in enumerate(zip(xs, fs)):
            s_ = mp.sqrt(wts[i])/abs(v)
            for j in range(first, deg + 1): A[i, j - first] = x**j*s_
            b[i] = (v - (fixed_c0 or 0))*s_
        sol, _ = mp.qr_solve(A, b)
        cs = ([fixed_c0] if first else []) + [sol[j] for j in range(deg + 1 - first)]
        errs = [abs(mp.polyval(list(reversed(cs)), x) - v)/abs(v) for x, v in zip(xs, fs)]
        tot = sum(w*e for w, e in zip(wts, errs))
        wts = [w*e/tot for w, e in zip(wts, errs)]
    return rounded(f, lo, hi, cs, rnd)
def emit_table(offset, a_max, deg):
    offset = mp.mpf(offset); a_max = mp.mpf(a_max)
    rnd = f32
    rotate = (struct.unpack('I', struct.pack('f', 1.0))[0] >> 21) & 15
    a0_hi = rnd(a0); a0_lo = rnd(a0 - a0_hi)
    margin = mp.mpf(2)**-16  # t = a + offset is rounded: an index may be one interval off
    centers = [None]*16; centers_lo = [None]*16; midpoints = [None]*16; roots = [None]*16
    V = [None]*16; D = [None]*16
    worst_v = worst_d = 0
    for k in range(16):
        e, q = divmod(k, 4)
        lo = max(mp.mpf(2)**e * (1 + mp.mpf(q)/4) - offset, mp.mpf(0))
        hi = min(mp.mpf(2)**e * (1 + mp.mpf(q+1)/4) - offset, a_max)
        mid = mp.mpf(0) if k == 0 else (lo + hi)/2
        # The derivative in the root's interval and its two neighbours: D = u R(u), R fitted, with
        # u = a - a0 (a - a0_hi is exact there, see normal_cdf.hpp); in w = a - midpoint, D's
        # cancellation towards the root amplified c1's rounding to 0.7 ULP.
        root = mp.mpf('0.375') <= lo and hi <= mp.mpf('1.375')
        ctr, ctr_lo = (a0_hi, a0_lo) if root else (mid, mp.mpf(0))
        assert rnd(ctr) == ctr and rnd(mid) == mid
        margin_lo = margin if k else 0
        cv, ev = fit_relative(lambda w: g(mid + w), lo - mid - margin_lo, hi - mid + margin, deg, rnd)
        c_exact = ctr + ctr_lo
        wl = lo - c_exact - margin_lo; wh = hi - c_exact + margin
        if root:
            Rf = lambda w: mp.diff(K, a0) if abs(w) < mp.mpf('1e-30') else K(a0 + w)/w
            cd, ed = fit_relative(Rf, wl, wh, deg, rnd)
        else:
            cd, ed = fit_relative(lambda w: K(c_exact + w), wl, wh, deg, rnd)
        print(f"// {k:2d} [{mp.nstr(lo, 6)}, {mp.nstr(hi, 6)}) mid {mp.nstr(mid, 6)}, center {'a0' if root else mp.nstr(ctr, 6)}: fit value {mp.nstr(ev, 3)}, derivative {mp.nstr(ed, 3)}")
        worst_v = max(worst_v, ev); worst_d = max(worst_d, ed)
        p = (k + rotate) & 15
        midpoints[p], centers[p], centers_lo[p], V[p], D[p] = mid, ctr, ctr_lo, cv, cd
        roots[p] = 1 if root else 0
    print(f"// worst: value {mp.nstr(worst_v, 3)}, derivative {mp.nstr(worst_d, 3)}; rotate {rotate}")
    def s(x):
        t = '%.9g' % float(x)
        if '.' not in t and 'e' not in t: t += '.0'
        return t + 'f'
    print(f"    static constexpr float offset = {s(offset)};")
    print(f"    static constexpr float a_max = {s(a_max)};")
    def rows(xs, indent, k=8):  # 16 entries, k per line
        return (",\n" + indent).join(", ".join(s(x) for x in xs[h:h + k]) for h in range(0, 16, k))
    for name, xs in (("midpoint", midpoints), ("center", centers), ("center_lo", centers_lo),
                     ("root", roots), ("not_root", [1 - x for x in roots])):
        print(f"    static constexpr std::array<float, 16> {name} = {{\n        {rows(xs, ' ' * 8)}}};")
    for name, P in (("value", V), ("derivative", D)):
        print(f"    static constexpr std::array<std::array<float, 16>, {deg + 2}> {name} = {{{{")
        for j in range(deg + 2):
            print("        {" + rows([P[p][j] for p in range(16)], ' ' * 9, 4) + "},")
        print("    }};")

if __name__ == "__main__":
    if sys.argv[1] == "float-table":
        emit_table(sys.argv[2], sys.argv[3], int(sys.argv[4])); sys.exit()
    ctype = sys.argv[1]; bounds = eval(sys.argv[2]); dv = int(sys.argv[3]); dd = int(sys.argv[4])
    emit(ctype, bounds, dv, dd)
