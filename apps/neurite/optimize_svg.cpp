#include "optimize_svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <neurite/svg.hpp>

namespace neurite::commands::optimize_svg {

namespace {

// Pixel layout: the plot area is a square; the legend sits to its right, where it hides nothing.
constexpr double left = 72, top = 56, plot = 560, bottom = 58, gap = 28, right = 20;
constexpr double char_width = 7, legend_entry = 34, swatch = 24;
constexpr int cells = 160;  // contour grid: cells x cells over the plot area

std::string px(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

std::string short_number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3g", v);
  return buffer;
}


struct Box {
  double x_lo = INFINITY, x_hi = -INFINITY, y_lo = INFINITY, y_hi = -INFINITY;
  void add(double x, double y) {
    x_lo = std::min(x_lo, x);
    x_hi = std::max(x_hi, x);
    y_lo = std::min(y_lo, y);
    y_hi = std::max(y_hi, y);
  }
  bool holds(double x, double y) const { return x >= x_lo && x <= x_hi && y >= y_lo && y <= y_hi; }
};

// The region drawn: start and minimum, plus every path point that stays within four times their
// distance (an excursion towards divergence would otherwise shrink the contours to a dot),
// padded by 8 %. A region of zero size (sphere from its minimum) becomes a unit square around it.
Box region_of(const Picture& p) {
  Box core;
  core.add(p.start[0], p.start[1]);
  core.add(p.minimum[0], p.minimum[1]);
  const double reach = 4 * std::max(core.x_hi - core.x_lo, core.y_hi - core.y_lo);
  const Box limit{core.x_lo - reach, core.x_hi + reach, core.y_lo - reach, core.y_hi + reach};
  Box b = core;
  for (const auto& path : p.paths)
    for (std::size_t i = 0; i < path.x0.size(); ++i)
      if (limit.holds(path.x0[i], path.x1[i])) b.add(path.x0[i], path.x1[i]);
  double w = b.x_hi - b.x_lo, h = b.y_hi - b.y_lo;
  const double least = std::max(0.25 * std::max(w, h), w == 0 && h == 0 ? 1.0 : 0.0);
  if (w < least) {
    b.x_lo -= (least - w) / 2;
    b.x_hi += (least - w) / 2;
    w = least;
  }
  if (h < least) {
    b.y_lo -= (least - h) / 2;
    b.y_hi += (least - h) / 2;
    h = least;
  }
  return {b.x_lo - 0.08 * w, b.x_hi + 0.08 * w, b.y_lo - 0.08 * h, b.y_hi + 0.08 * h};
}

struct Frame {
  Box box;
  double sx(double x) const { return left + (x - box.x_lo) / (box.x_hi - box.x_lo) * plot; }
  double sy(double y) const { return top + plot - (y - box.y_lo) / (box.y_hi - box.y_lo) * plot; }
};

// Contour levels 1, 2, 5 x 10^k between the grid's smallest value and its largest, at most four
// decades below the largest.
std::vector<double> levels_of(double lo, double hi) {
  std::vector<double> out;
  if (!(hi > 0) || !std::isfinite(hi)) return out;
  const double floor_level = std::max(lo, hi * 1e-4);
  for (int k = static_cast<int>(std::floor(std::log10(floor_level))) - 1;
       k <= static_cast<int>(std::ceil(std::log10(hi))); ++k)
    for (double m : {1.0, 2.0, 5.0}) {
      const double level = m * std::pow(10.0, k);
      if (level > floor_level && level < hi) out.push_back(level);
    }
  return out;
}

// Marching squares over the grid of values v (row j = y index, column i = x index): one SVG path
// of line segments per level. Saddle cells are split by the value at their centre.
std::string contours(const std::vector<double>& v, double level) {
  const int n = cells + 1;
  auto at = [&](int i, int j) { return v[static_cast<std::size_t>(j) * n + i]; };
  auto gx = [&](double i) { return left + i / cells * plot; };
  auto gy = [&](double j) { return top + plot - j / cells * plot; };
  std::string d;
  for (int j = 0; j < cells; ++j)
    for (int i = 0; i < cells; ++i) {
      const double a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), e = at(i, j + 1);
      const int index = (a > level) | (b > level) << 1 | (c > level) << 2 | (e > level) << 3;
      if (index == 0 || index == 15) continue;
      auto t = [&](double p, double q) { return (level - p) / (q - p); };
      // Crossing points on the bottom, right, top and left edges of the cell.
      const double pts[4][2] = {{gx(i + t(a, b)), gy(j)},
                                {gx(i + 1), gy(j + t(b, c))},
                                {gx(i + t(e, c)), gy(j + 1)},
                                {gx(i), gy(j + t(a, e))}};
      auto segment = [&](int p, int q) {
        for (int k : {p, q}) {
          d += k == p ? 'M' : 'L';
          d += px(pts[k][0]);
          d += ' ';
          d += px(pts[k][1]);
        }
      };
      const bool centre_above = (a + b + c + e) / 4 > level;
      switch (index) {
        case 1:
        case 14:
          segment(3, 0);
          break;
        case 2:
        case 13:
          segment(0, 1);
          break;
        case 3:
        case 12:
          segment(3, 1);
          break;
        case 4:
        case 11:
          segment(1, 2);
          break;
        case 6:
        case 9:
          segment(0, 2);
          break;
        case 7:
        case 8:
          segment(3, 2);
          break;
        case 5:
          if (centre_above)
            segment(0, 1), segment(2, 3);
          else
            segment(3, 0), segment(1, 2);
          break;
        case 10:
          if (centre_above)
            segment(3, 0), segment(1, 2);
          else
            segment(0, 1), segment(2, 3);
          break;
      }
    }
  return d;
}

// Liang-Barsky: the part of the segment p-q inside the plot area, if any.
bool clip(double& x0, double& y0, double& x1, double& y1) {
  const double dx = x1 - x0, dy = y1 - y0;
  double t0 = 0, t1 = 1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0 - left, left + plot - x0, y0 - top, top + plot - y0};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return false;
      continue;
    }
    const double r = q[k] / p[k];
    if (p[k] < 0)
      t0 = std::max(t0, r);
    else
      t1 = std::min(t1, r);
    if (t0 > t1) return false;
  }
  const double ax = x0 + t0 * dx, ay = y0 + t0 * dy;
  x1 = x0 + t1 * dx;
  y1 = y0 + t1 * dy;
  x0 = ax;
  y0 = ay;
  return true;
}

// The path as polylines of its visible runs.
std::string polylines(const Frame& frame, const Path& path, const std::string& style) {
  std::string out, run;
  double last_x = NAN, last_y = NAN;
  auto flush = [&] {
    if (!run.empty()) out += "<polyline " + style + " points=\"" + run + "\"/>\n";
    run.clear();
  };
  auto point = [](double x, double y) { return px(x) + "," + px(y) + " "; };
  for (std::size_t i = 1; i < path.x0.size(); ++i) {
    double x0 = frame.sx(path.x0[i - 1]), y0 = frame.sy(path.x1[i - 1]);
    double x1 = frame.sx(path.x0[i]), y1 = frame.sy(path.x1[i]);
    if (!clip(x0, y0, x1, y1)) {
      flush();
      continue;
    }
    if (run.empty() || x0 != last_x || y0 != last_y) {
      flush();
      run = point(x0, y0);
    }
    run += point(x1, y1);
    last_x = x1;
    last_y = y1;
  }
  flush();
  return out;
}

bool inside(double x, double y) {
  return x >= left && x <= left + plot && y >= top && y <= top + plot;
}

std::string circle(double x, double y, double r, const std::string& style) {
  return "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(r) + "\" " + style + "/>\n";
}

std::string cross(double x, double y, double r, const std::string& style, bool diagonal) {
  const double a = diagonal ? r : 0, b = r;
  if (diagonal)
    return "<path d=\"M" + px(x - a) + " " + px(y - a) + "L" + px(x + a) + " " + px(y + a) + "M" +
           px(x - a) + " " + px(y + a) + "L" + px(x + a) + " " + px(y - a) + "\" " + style + "/>\n";
  return "<path d=\"M" + px(x - b) + " " + px(y) + "L" + px(x + b) + " " + px(y) + "M" + px(x) +
         " " + px(y - b) + "L" + px(x) + " " + px(y + b) + "\" " + style + "/>\n";
}

std::string text(double x, double y, const std::string& content, const std::string& attributes) {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" " + attributes + ">" +
         svg::escape(content) + "</text>\n";
}

}  // namespace

std::string render(const Picture& picture) {
  const Frame frame{region_of(picture)};
  const Box& box = frame.box;

  std::vector<double> grid(static_cast<std::size_t>(cells + 1) * (cells + 1));
  double lo = INFINITY, hi = -INFINITY;
  for (int j = 0; j <= cells; ++j)
    for (int i = 0; i <= cells; ++i) {
      const double x = box.x_lo + (box.x_hi - box.x_lo) * i / cells;
      const double y = box.y_lo + (box.y_hi - box.y_lo) * j / cells;
      double f = picture.f(x, y);
      if (std::isfinite(f)) {
        lo = std::min(lo, f);
        hi = std::max(hi, f);
      } else {
        f = std::numeric_limits<double>::max();  // beyond every level
      }
      grid[static_cast<std::size_t>(j) * (cells + 1) + i] = f;
    }
  const auto levels = levels_of(lo, hi);

  std::size_t widest = 38;  // the longest line of the marker key
  for (const auto& p : picture.paths) widest = std::max(widest, p.label.size());
  const double legend_width = swatch + 10 + char_width * static_cast<double>(widest);
  const double legend_left = left + plot + gap;
  // The title starts at the plot's left edge; a long one (beale's formula) widens the picture.
  const double title_width = 9 * static_cast<double>(picture.title.size());
  const double width = std::max(legend_left + legend_width, left + title_width) + right;
  const double legend_height = legend_entry * static_cast<double>(picture.paths.size()) + 4 * 20;
  const double height = std::max(top + plot + bottom, top + legend_height + 20);

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) + "\" height=\"" +
         px(height) + "\" viewBox=\"0 0 " + px(width) + " " + px(height) +
         "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += "<clipPath id=\"plot-area\"><rect x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" +
         px(plot) + "\" height=\"" + px(plot) + "\"/></clipPath>\n";
  out += text(left, 24, picture.title, "font-size=\"15\" font-weight=\"bold\"");
  std::string level_note = "contour lines at f = 1, 2, 5 x 10^k (darker: 10^k)";
  if (!levels.empty())
    level_note += ", from " + short_number(levels.front()) + " to " + short_number(levels.back());
  out += text(left, 42, level_note, "fill=\"#555\"");

  out += "<g class=\"contours\" fill=\"none\" clip-path=\"url(#plot-area)\">\n";
  for (double level : levels) {
    const bool decade = std::abs(std::log10(level) - std::round(std::log10(level))) < 1e-9;
    out += "<path data-level=\"" + short_number(level) + "\" stroke=\"" +
           (decade ? "#9a9a9a" : "#cfcfcf") + "\" stroke-width=\"" + (decade ? "1" : "0.8") +
           "\" d=\"" + contours(grid, level) + "\"/>\n";
  }
  out += "</g>\n";

  // Axes: a frame with ticks on the bottom and left sides.
  out += "<rect x=\"" + px(left) + "\" y=\"" + px(top) + "\" width=\"" + px(plot) + "\" height=\"" +
         px(plot) + "\" fill=\"none\" stroke=\"#333\"/>\n";
  const auto xt = svg::nice_ticks(box.x_lo, box.x_hi, 7);
  const auto yt = svg::nice_ticks(box.y_lo, box.y_hi, 7);
  out += "<g class=\"axes\" stroke=\"#333\">\n";
  for (double v : xt.at)
    out += "<line x1=\"" + px(frame.sx(v)) + "\" y1=\"" + px(top + plot) + "\" x2=\"" +
           px(frame.sx(v)) + "\" y2=\"" + px(top + plot + 5) + "\"/>\n";
  for (double v : yt.at)
    out += "<line x1=\"" + px(left - 5) + "\" y1=\"" + px(frame.sy(v)) + "\" x2=\"" + px(left) +
           "\" y2=\"" + px(frame.sy(v)) + "\"/>\n";
  out += "</g>\n";
  for (double v : xt.at)
    out +=
        text(frame.sx(v), top + plot + 19, svg::tick_label(v, xt.step), "text-anchor=\"middle\"");
  for (double v : yt.at)
    out += text(left - 8, frame.sy(v) + 4, svg::tick_label(v, yt.step), "text-anchor=\"end\"");
  out += text(left + plot / 2, top + plot + 42, "x0", "text-anchor=\"middle\" font-size=\"13\"");
  out += text(left - 50, top + plot / 2, "x1",
              "text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 " + px(left - 50) +
                  " " + px(top + plot / 2) + ")\"");

  // Paths, then their markers on top: the start, each end (or the point before divergence).
  // Paths that run together stay visible: the earlier ones are drawn wider, underneath.
  const std::size_t n = picture.paths.size();
  auto emphasis = [&](std::size_t k) { return n < 2 ? 0.0 : double(n - 1 - k) / double(n - 1); };
  out +=
      "<g class=\"paths\" fill=\"none\" stroke-linejoin=\"round\" "
      "clip-path=\"url(#plot-area)\">\n";
  for (std::size_t k = 0; k < n; ++k)
    out += "<g data-name=\"" + svg::escape(picture.paths[k].label) + "\" stroke-width=\"" +
           px(1.5 + 2.5 * emphasis(k)) + "\">\n" + polylines(frame, picture.paths[k], svg::series_stroke(k)) +
           "</g>\n";
  out += "</g>\n<g class=\"markers\">\n";
  const double mx = frame.sx(picture.minimum[0]), my = frame.sy(picture.minimum[1]);
  if (inside(mx, my)) out += cross(mx, my, 7, "stroke=\"black\" stroke-width=\"1.5\"", false);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& p = picture.paths[k];
    if (p.x0.empty()) continue;
    const double ex = frame.sx(p.x0.back()), ey = frame.sy(p.x1.back());
    if (!inside(ex, ey)) continue;
    const std::string colour = svg::series_colour(k);
    out += p.diverged_at >= 0
               ? cross(ex, ey, 6, "stroke=\"" + colour + "\" stroke-width=\"2.5\"", true)
               : circle(ex, ey, 4 + 2.5 * emphasis(k),
                        "fill=\"" + colour + "\" stroke=\"white\" stroke-width=\"1\"");
  }
  const double sx = frame.sx(picture.start[0]), sy = frame.sy(picture.start[1]);
  if (inside(sx, sy))
    out += circle(sx, sy, 5.5, "fill=\"white\" stroke=\"black\" stroke-width=\"1.8\"");
  out += "</g>\n";

  // Legend: one entry per path (its spec, then f at its end or where it diverged), then the key
  // to the markers.
  out += "<g class=\"legend\">\n";
  double y = top + 4;
  for (std::size_t k = 0; k < picture.paths.size(); ++k) {
    const auto& p = picture.paths[k];
    out += "<line x1=\"" + px(legend_left) + "\" y1=\"" + px(y + 8) + "\" x2=\"" +
           px(legend_left + swatch) + "\" y2=\"" + px(y + 8) + "\" " + svg::series_stroke(k) +
           " stroke-width=\"2.5\"/>\n";
    out += text(legend_left + swatch + 8, y + 12, p.label, "class=\"legend-name\"");
    const std::string detail = p.diverged_at >= 0
                                   ? "diverged at step " + std::to_string(p.diverged_at)
                                   : "f at the end = " + short_number(p.f_end) + " (" +
                                         std::to_string(p.x0.size() - 1) + " steps)";
    out += text(legend_left + swatch + 8, y + 26, detail, "font-size=\"10\" fill=\"#555\"");
    y += legend_entry;
  }
  y += 6;
  out +=
      circle(legend_left + 12, y + 8, 5.5, "fill=\"white\" stroke=\"black\" stroke-width=\"1.8\"");
  out += text(legend_left + swatch + 8, y + 12, "start", "");
  y += 20;
  out += circle(legend_left + 12, y + 8, 4.5, "fill=\"#555\"");
  out += text(legend_left + swatch + 8, y + 12, "end", "");
  y += 20;
  out += cross(legend_left + 12, y + 8, 6, "stroke=\"#555\" stroke-width=\"2.5\"", true);
  out += text(legend_left + swatch + 8, y + 12, "last finite point of a diverged path", "");
  y += 20;
  out += cross(legend_left + 12, y + 8, 7, "stroke=\"black\" stroke-width=\"1.5\"", false);
  out += text(legend_left + swatch + 8, y + 12, "minimum", "");
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace neurite::commands::optimize_svg
