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
    full = list(reversed(mp.chebyfit(f, [lo, hi], deg + 1)))
    c0_lo = rnd(full[0] - rnd(full[0]))
    cs = [rnd(full[0]) + c0_lo] + [rnd(x) for x in full[1:]]
    m = 0
    for i in range(401):
        x = lo + (hi-lo)*i/400
        v = f(x); p = mp.polyval(list(reversed(cs)), x)
        m = max(m, abs(p-v)/abs(v))
    hi_ = cs[0] - c0_lo
    for i in range(201):  # Fast2Sum in the last Horner step needs |c0| >= |v r1|
        x = lo + (hi-lo)*i/200
        assert abs(mp.polyval(list(reversed(cs[1:])), x) * x) <= abs(hi_), (x)
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
if __name__ == "__main__":
    ctype = sys.argv[1]; bounds = eval(sys.argv[2]); dv = int(sys.argv[3]); dd = int(sys.argv[4])
    emit(ctype, bounds, dv, dd)
