#pragma once
// The picture of `neurite optimize --svg`: every optimizer's path over the contour lines of the
// function it minimised.
#include <string>
#include <vector>

namespace neurite::commands::optimize_svg {

struct Path {
  std::string label;           // the optimizer spec as given
  std::vector<double> x0, x1;  // step 0 (the start) to the last finite point
  double f_end = 0;            // f at the last finite point
  long diverged_at = -1;       // the step at which the path stopped being finite; -1: never
};

struct Picture {
  std::string title;
  double (*f)(double, double) = nullptr;
  double start[2] = {0, 0};
  double minimum[2] = {0, 0};  // marked with a cross
  std::vector<Path> paths;
};

// Well-formed SVG with a viewBox: contours of f at levels 1, 2, 5 x 10^k (marching squares on a
// grid over the region the paths visit), each path a polyline in its own colour clipped to the
// axes, start, ends and divergence marked, ticked axes, and a legend naming every path.
std::string render(const Picture& picture);

}  // namespace neurite::commands::optimize_svg
