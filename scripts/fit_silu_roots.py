# Fits the derivative-root polynomials of include/activ/functions/silu.hpp and gelu_tanh.hpp:
# f'(root + u) / u as a Chebyshev fit in u on |u| < 1/8, roots and constants split hi/lo.
# Usage: python3 scripts/fit_silu_roots.py   (mpmath)
import mpmath as mp
mp.mp.dps = 80
sig = lambda z: 1/(1+mp.exp(-z))
def silu_d(x): return sig(x)*(1 + x*sig(-x))
S2PI = mp.sqrt(2/mp.pi); K = mp.mpf('0.044715')
c1 = 2*S2PI; c3 = 2*S2PI*K
def z_of(x): return c1*x + c3*x**3
def gt_d(x):
    z = z_of(x); return sig(z) + x*sig(z)*sig(-z)*(c1 + 3*c3*x*x)
x0 = mp.findroot(silu_d, -1.28)
x1 = mp.findroot(gt_d, -0.75)
def split(v, t):
    import struct
    if t == 'float':
        h = mp.mpf(struct.unpack('f', struct.pack('f', float(v)))[0])
        l = mp.mpf(struct.unpack('f', struct.pack('f', float(v - h)))[0])
        l2 = mp.mpf(struct.unpack('f', struct.pack('f', float(v - h - l)))[0])
    else:
        h = mp.mpf(float(v)); l = mp.mpf(float(v - h)); l2 = mp.mpf(float(v-h-l))
    return h, l, l2
print('x0 =', mp.nstr(x0, 40)); print('x1 =', mp.nstr(x1, 40))
for name, v in (('x0', x0), ('x1', x1), ('c1', c1), ('c3', c3), ('3c3', 3*c3)):
    for t in ('float', 'double'):
        h, l, l2 = split(v, t)
        print(name, t, repr(float(h)), repr(float(l)), ' residual', mp.nstr(v - h - l, 5))
# nearest representable to roots
import struct
def nearest_dist(v, t):
    if t == 'float':
        f = struct.unpack('f', struct.pack('f', float(v)))[0]
        import math
        cands = [f, math.nextafter(f, 0), math.nextafter(f, -10)]
        # float neighbors
        b = struct.unpack('I', struct.pack('f', f))[0]
        cands = [struct.unpack('f', struct.pack('I', b+k))[0] for k in (-2,-1,0,1,2)]
    else:
        import math
        f = float(v); cands = [f, math.nextafter(f, 0), math.nextafter(f, -10)]
    return min(abs(mp.mpf(c) - v) for c in cands)
for name, v in (('x0', x0), ('x1', x1)):
    for t in ('float', 'double'):
        d = nearest_dist(v, t); print('nearest', name, t, mp.nstr(d, 5), 'log2', mp.nstr(mp.log(d, 2), 5))

def fit_root(fd, r, a, deg):
    h = lambda u: fd(r + u)/u if u != 0 else mp.diff(fd, r)
    c, err = mp.chebyfit(h, [-a, a], deg + 1, error=True)
    c = list(reversed(c))
    # relative error measured on a grid
    m = 0
    for i in range(401):
        u = -a + 2*a*mp.mpf(i)/400
        if u == 0: continue
        v = mp.polyval(list(reversed(c)), u)
        m = max(m, abs(v/h(u) - 1))
    return c, m
import sys
if __name__ == '__main__' and len(sys.argv) > 1 and sys.argv[1] == 'scan':
    for nm, fd, r in (('silu', silu_d, x0), ('gelu_tanh', gt_d, x1)):
        for a in (mp.mpf(1)/16, mp.mpf(1)/8, mp.mpf(3)/16, mp.mpf(1)/4):
            for deg in range(3, 14):
                c, m = fit_root(fd, r, a, deg)
                print(nm, mp.nstr(a,4), deg, 'log2 rel err', mp.nstr(mp.log(m, 2), 4))

def emit(nm, fd, r, a, deg, t):
    c, m = fit_root(fd, r, a, deg)
    if t == 'float':
        import struct
        cs = [repr(struct.unpack('f', struct.pack('f', float(v)))[0]) for v in c]
        s = ', '.join(mp.nstr(v, 10) + 'f' for v in c)
    else:
        s = ', '.join(mp.nstr(v, 20) for v in c)
    print(f'// {nm} root poly {t}: |u| <= {mp.nstr(a,4)}, degree {deg}, fit rel err 2^{mp.nstr(mp.log(m,2),4)}')
    print('{' + s + '}')
if __name__ == '__main__' and len(sys.argv) > 1 and sys.argv[1] == 'emit':
    a = mp.mpf(sys.argv[2])
    emit('silu', silu_d, x0, a, int(sys.argv[3]), 'float')
    emit('silu', silu_d, x0, a, int(sys.argv[4]), 'double')
    emit('gelu_tanh', gt_d, x1, a, int(sys.argv[5]), 'float')
    emit('gelu_tanh', gt_d, x1, a, int(sys.argv[6]), 'double')
