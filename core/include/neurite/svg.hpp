#pragma once
// Line charts as SVG: a figure of panels side by side, each with framed axes, ticks at round
// numbers, axis titles, one path per series (a colour per series index, the same in every panel)
// and a legend under the axes, where it can never hide a curve. Used by plot, optimize and the
// training curves.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace neurite::svg {

struct Series {
  std::string name;           // the legend entry
  std::vector<double> x, y;   // a non-finite y leaves a gap in the line
  bool markers = false;       // a dot at every finite point as well
};

struct Panel {
  std::string title, x_title, y_title;
  std::vector<Series> series;
};

struct Figure {
  std::string title;  // empty: none
  std::vector<Panel> panels;
};

// An axis from lo to hi with ticks at the multiples of step (1, 2 or 5 times a power of ten)
// that lie within it.
struct Ticks {
  double lo = 0, hi = 1, step = 1;
  std::vector<double> at;
};
// At most about target + 1 ticks on [lo, hi]; lo == hi gets a unit-wide axis around lo, and
// non-finite or reversed limits the axis [0, 1].
Ticks nice_ticks(double lo, double hi, int target = 6);
// A tick value written with just the decimals its step needs ("0.25", "-2", "1e+06").
std::string tick_label(double value, double step);

// The stroke attributes of series number `index`, the same in every picture Neurite draws:
// ten distinct colours, then the colours again with growing dash patterns.
std::string series_stroke(std::size_t index);
// Its colour alone ("#1f77b4"), for fills and markers.
std::string series_colour(std::size_t index);

// Text for element content or attribute values: & < > " ' escaped, control characters dropped.
std::string escape(std::string_view text);

std::string render(const Figure& figure);

// Writes FILE.tmp, flushes it to disk and renames it over FILE, so FILE is never half written;
// throws neurite::Error naming FILE on failure. Also used for the CSV files commands write.
void write_atomically(const std::filesystem::path& file, std::string_view content);

inline void save(const Figure& figure, const std::filesystem::path& file) {
  write_atomically(file, render(figure));
}

}  // namespace neurite::svg
