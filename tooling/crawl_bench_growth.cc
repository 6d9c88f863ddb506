// Growth exponents: least-squares slope of log(y) on log(x), so that 1.0 is
// linear growth and 2.0 quadratic whatever the units. Two points would fit
// exactly whatever they are, so three are needed.
#include <algorithm>
#include <cmath>
#include <vector>

#include "tooling/crawl_bench.h"

namespace shabih {

GrowthFit FitGrowth(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> lx, ly;
  for (size_t i = 0; i < std::min(x.size(), y.size()); ++i) {
    if (x[i] > 0 && y[i] > 0) {
      lx.push_back(std::log(x[i]));
      ly.push_back(std::log(y[i]));
    }
  }
  GrowthFit fit;
  fit.points = static_cast<int>(lx.size());
  if (fit.points < kMinGrowthPoints) return fit;
  double mx = 0, my = 0;
  for (size_t i = 0; i < lx.size(); ++i) {
    mx += lx[i];
    my += ly[i];
  }
  mx /= lx.size();
  my /= ly.size();
  double sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < lx.size(); ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) * (ly[i] - my);
  }
  if (sxx <= 0) return fit;
  fit.fitted = true;
  fit.exponent = sxy / sxx;
  fit.r_squared = syy > 0 ? (sxy * sxy) / (sxx * syy) : 1.0;
  return fit;
}

}  // namespace shabih
