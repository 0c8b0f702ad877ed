// e^x on a vector policy V (rows_body.h's softmax and swiglu, the AMX attention's
// softmax). V provides set1, min, max, round, mul, fma, add and pow2i. Anonymous
// namespace: included only by ISA translation units (see simd_avx2.h).
#pragma once

namespace tl {
namespace {

// e^x for x in [-87, 88] (inputs outside are clamped, so e^-100 gives ~1.6e-38, not 0):
// x = n ln2 + r with |r| <= ln2/2, e^r by Cephes' degree-6 minimax polynomial (about
// 1 ulp), times 2^n built in the exponent field.
template <class V>
typename V::F exp_approx(typename V::F x) {
  using F = typename V::F;
  x = V::min(V::max(x, V::set1(-87.0f)), V::set1(88.0f));
  const F n = V::round(V::mul(x, V::set1(1.44269504088896341f)));
  // ln2 in two parts, the first exact in few bits, so n * part1 is exact.
  F r = V::fma(n, V::set1(-0.693359375f), x);
  r = V::fma(n, V::set1(2.12194440e-4f), r);
  F p = V::set1(1.9875691500e-4f);
  p = V::fma(p, r, V::set1(1.3981999507e-3f));
  p = V::fma(p, r, V::set1(8.3334519073e-3f));
  p = V::fma(p, r, V::set1(4.1665795894e-2f));
  p = V::fma(p, r, V::set1(1.6666665459e-1f));
  p = V::fma(p, r, V::set1(5.0000001201e-1f));
  p = V::fma(p, V::mul(r, r), V::add(r, V::set1(1.0f)));
  return V::mul(p, V::pow2i(n));
}

}  // namespace
}  // namespace tl
