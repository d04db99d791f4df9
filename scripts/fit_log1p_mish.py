# Fits the log1p kernel (include/activ/kernels/log1p.hpp) and the root polynomial of mish' (mish.hpp).
# Usage: python3 scripts/fit_log1p_mish.py   (mpmath)
import mpmath as mp
mp.mp.dps=60
def Q(w):
    if w < mp.mpf('1e-40'): return mp.mpf(1)/12
    t=mp.sqrt(w); return (2*mp.atanh(t/2)-t)/(t**3)
W=mp.mpf(4)/9*mp.mpf('1.0001')
def M(x):
    e=mp.exp(x); s=(1+e)**2
    return (s*s-1+4*x*e*(1+e))/(s+1)**2
x0=mp.findroot(M,mp.mpf('-1.19'))
def P(u):
    if abs(u)<mp.mpf('1e-30'): return mp.diff(M,x0)
    return M(x0+u)/u
H=mp.mpf('0.1875')*mp.mpf('1.001')
def out(name,f,a,b,deg,ct):
    c,err=mp.chebyfit(f,[a,b],deg+1,error=True); c=list(reversed(c))
    if ct=='float': s=', '.join(mp.nstr(v,10)+'f' for v in c)
    else: s=', '.join(mp.nstr(v,20) for v in c)
    print(name,ct,deg,'err',mp.nstr(err,3)); print('{'+s+'}')
out('log1p Q',Q,0,W,4,'float'); out('log1p Q',Q,0,W,9,'double')
out('mish P',P,-H,H,6,'float'); out('mish P',P,-H,H,11,'double')
import struct
xf=struct.unpack('f',struct.pack('f',float(x0)))[0]; print('x0 float hi', repr(xf), 'lo', repr(struct.unpack('f',struct.pack('f',float(x0-mp.mpf(xf))))[0]))
xd=float(x0); print('x0 double hi', repr(xd), 'lo', repr(float(x0-mp.mpf(xd))))
