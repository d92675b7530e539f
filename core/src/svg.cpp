#include <neurite/svg.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <neurite/sdk/errors.hpp>

namespace neurite::svg {

namespace {

// Pixel sizes. Text width is estimated, not measured: 7 px per character of the 12 px font is
// generous for sans-serif, so estimated boxes never overlap their neighbours.
constexpr double panel_width = 470, plot_height = 290, top = 40, right = 22;
constexpr double below_plot = 60;  // tick labels and the x title
constexpr double char_width = 7, legend_row = 18, swatch = 24;
constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr std::size_t palette_size = std::size(palette);

std::string px(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

double text_width(std::string_view text) { return char_width * static_cast<double>(text.size()); }

struct Extent {
  double lo = INFINITY, hi = -INFINITY;
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
};

// Where each legend entry goes: rows filled left to right within the panel's plot width.
struct LegendLayout {
  std::vector<std::pair<double, double>> at;  // offsets from the legend's top left corner
  int rows = 0;
};

LegendLayout layout_legend(const Panel& panel, double width) {
  LegendLayout layout;
  double x = 0;
  for (const auto& s : panel.series) {
    const double w = swatch + 6 + text_width(s.name) + 18;
    if (x > 0 && x + w > width) {
      x = 0;
      ++layout.rows;
    }
    layout.at.emplace_back(x, layout.rows * legend_row);
    x += w;
  }
  if (!panel.series.empty()) ++layout.rows;
  return layout;
}

struct PanelLayout {
  Ticks xt, yt;
  std::vector<std::string> y_labels;
  double left = 0;  // room for the y title and the widest y tick label
  LegendLayout legend;
};

PanelLayout layout_panel(const Panel& panel) {
  Extent ex, ey;
  for (const auto& s : panel.series)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
      ex.add(s.x[i]);
      ey.add(s.y[i]);
    }
  PanelLayout l;
  // x spans the data exactly; y gets a margin, so a curve never runs along the frame.
  l.xt = nice_ticks(ex.lo, ex.hi, 8);
  const double margin = std::isfinite(ey.lo) ? 0.05 * (ey.hi - ey.lo) : 0;
  l.yt = nice_ticks(ey.lo - margin, ey.hi + margin, 6);
  std::size_t widest = 0;
  for (double v : l.yt.at) {
    l.y_labels.push_back(tick_label(v, l.yt.step));
    widest = std::max(widest, l.y_labels.back().size());
  }
  l.left = 30 + char_width * static_cast<double>(widest) + 8;
  l.legend = layout_legend(panel, panel_width - l.left - right);
  return l;
}

void render_panel(std::string& out, const Panel& panel, const PanelLayout& l, double x0,
                  double y0) {
  const double w = panel_width - l.left - right, h = plot_height;
  const double left = x0 + l.left, bottom = y0 + top + h, upper = y0 + top;
  auto sx = [&](double v) { return left + (v - l.xt.lo) / (l.xt.hi - l.xt.lo) * w; };
  auto sy = [&](double v) { return upper + (l.yt.hi - v) / (l.yt.hi - l.yt.lo) * h; };

  out += "<g class=\"panel\">\n";
  out += "<text class=\"panel-title\" x=\"" + px(left + w / 2) + "\" y=\"" + px(upper - 14) +
         "\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">" + escape(panel.title) +
         "</text>\n";

  out += "<g class=\"grid\" stroke=\"#e6e6e6\" stroke-width=\"1\">\n";
  for (double v : l.xt.at)
    out += "<line x1=\"" + px(sx(v)) + "\" y1=\"" + px(upper) + "\" x2=\"" + px(sx(v)) +
           "\" y2=\"" + px(bottom) + "\"/>\n";
  for (double v : l.yt.at)
    out += "<line x1=\"" + px(left) + "\" y1=\"" + px(sy(v)) + "\" x2=\"" + px(left + w) +
           "\" y2=\"" + px(sy(v)) + "\"/>\n";
  out += "</g>\n";
  // The zero lines, where they fall inside the axes: an activation's shape is read against them.
  out += "<g class=\"zero\" stroke=\"#9a9a9a\" stroke-width=\"1\">\n";
  if (l.xt.lo < 0 && l.xt.hi > 0)
    out += "<line x1=\"" + px(sx(0)) + "\" y1=\"" + px(upper) + "\" x2=\"" + px(sx(0)) +
           "\" y2=\"" + px(bottom) + "\"/>\n";
  if (l.yt.lo < 0 && l.yt.hi > 0)
    out += "<line x1=\"" + px(left) + "\" y1=\"" + px(sy(0)) + "\" x2=\"" + px(left + w) +
           "\" y2=\"" + px(sy(0)) + "\"/>\n";
  out += "</g>\n";

  out += "<g class=\"axes\" stroke=\"#333333\" stroke-width=\"1\">\n";
  out += "<rect x=\"" + px(left) + "\" y=\"" + px(upper) + "\" width=\"" + px(w) +
         "\" height=\"" + px(h) + "\" fill=\"none\"/>\n";
  for (double v : l.xt.at)
    out += "<line x1=\"" + px(sx(v)) + "\" y1=\"" + px(bottom) + "\" x2=\"" + px(sx(v)) +
           "\" y2=\"" + px(bottom + 5) + "\"/>\n";
  for (double v : l.yt.at)
    out += "<line x1=\"" + px(left - 5) + "\" y1=\"" + px(sy(v)) + "\" x2=\"" + px(left) +
           "\" y2=\"" + px(sy(v)) + "\"/>\n";
  out += "</g>\n";

  out += "<g class=\"tick-labels\" fill=\"#333333\">\n";
  for (double v : l.xt.at)
    out += "<text x=\"" + px(sx(v)) + "\" y=\"" + px(bottom + 19) + "\" text-anchor=\"middle\">" +
           escape(tick_label(v, l.xt.step)) + "</text>\n";
  for (std::size_t i = 0; i < l.yt.at.size(); ++i)
    out += "<text x=\"" + px(left - 8) + "\" y=\"" + px(sy(l.yt.at[i]) + 4) +
           "\" text-anchor=\"end\">" + escape(l.y_labels[i]) + "</text>\n";
  out += "</g>\n";

  out += "<text class=\"axis-title\" x=\"" + px(left + w / 2) + "\" y=\"" + px(bottom + 40) +
         "\" text-anchor=\"middle\">" + escape(panel.x_title) + "</text>\n";
  const double yc = upper + h / 2, xc = x0 + 16;
  out += "<text class=\"axis-title\" x=\"" + px(xc) + "\" y=\"" + px(yc) +
         "\" text-anchor=\"middle\" transform=\"rotate(-90 " + px(xc) + " " + px(yc) + ")\">" +
         escape(panel.y_title) + "</text>\n";

  for (std::size_t k = 0; k < panel.series.size(); ++k) {
    const Series& s = panel.series[k];
    std::string d, dots;
    bool pen_down = false;
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
        pen_down = false;
        continue;
      }
      const std::string p = px(sx(s.x[i])) + "," + px(sy(s.y[i]));
      d += (pen_down ? " L" : (d.empty() ? "M" : " M")) + p;
      pen_down = true;
      if (s.markers)
        dots += "<circle cx=\"" + px(sx(s.x[i])) + "\" cy=\"" + px(sy(s.y[i])) + "\" r=\"2.5\"/>\n";
    }
    out += "<path class=\"series\" data-name=\"" + escape(s.name) + "\" fill=\"none\" " +
           series_stroke(k) + " stroke-width=\"2\" stroke-linejoin=\"round\" d=\"" + d + "\"/>\n";
    if (s.markers)
      out += "<g class=\"markers\" fill=\"" + series_colour(k) + "\">\n" +
             dots + "</g>\n";
  }

  out += "<g class=\"legend\">\n";
  const double lx = left, ly = bottom + below_plot;
  for (std::size_t k = 0; k < panel.series.size(); ++k) {
    const double ex = lx + l.legend.at[k].first, ey = ly + l.legend.at[k].second;
    out += "<g class=\"legend-entry\">";
    out += "<line x1=\"" + px(ex) + "\" y1=\"" + px(ey) + "\" x2=\"" + px(ex + swatch) +
           "\" y2=\"" + px(ey) + "\" " + series_stroke(k) + " stroke-width=\"2\"/>";
    if (panel.series[k].markers)
      out += "<circle cx=\"" + px(ex + swatch / 2) + "\" cy=\"" + px(ey) + "\" r=\"2.5\" fill=\"" +
             series_colour(k) + "\"/>";
    out += "<text x=\"" + px(ex + swatch + 6) + "\" y=\"" + px(ey + 4) + "\">" +
           escape(panel.series[k].name) + "</text></g>\n";
  }
  out += "</g>\n</g>\n";
}

}  // namespace

std::string series_colour(std::size_t index) { return palette[index % palette_size]; }

std::string series_stroke(std::size_t index) {
  std::string s = "stroke=\"" + series_colour(index) + "\"";
  if (index >= palette_size)
    s += " stroke-dasharray=\"" + std::to_string(2 + 3 * (index / palette_size)) + ",3\"";
  return s;
}

Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) lo = 0, hi = 1;
  if (lo == hi) lo -= 0.5, hi += 0.5;
  const double raw = (hi - lo) / std::max(target, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / power * (1 - 1e-9);  // 0.05/0.01 must count as 5, not 5.000000000000001
  Ticks t{lo, hi, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power, {}};
  // Integer multiples of the step, so the ticks read 0.3 and not 0.30000000000000004; the slack
  // keeps a tick that rounding puts a hair outside an end.
  const double slack = t.step * 1e-9;
  for (double k = std::ceil((lo - slack) / t.step); k * t.step <= hi + slack; ++k)
    t.at.push_back(k * t.step);
  return t;
}

std::string tick_label(double value, double step) {
  if (std::abs(value) < step * 1e-9) value = 0;  // never "-0"
  char buffer[48];
  if (std::abs(value) >= 1e6 || step < 1e-4) {
    std::snprintf(buffer, sizeof buffer, "%g", value);
  } else {
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  }
  return buffer;
}

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 has no way to write other control characters at all.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
    }
  }
  return out;
}

std::string render(const Figure& figure) {
  std::vector<PanelLayout> layouts;
  int legend_rows = 0;
  for (const auto& p : figure.panels) {
    layouts.push_back(layout_panel(p));
    legend_rows = std::max(legend_rows, layouts.back().legend.rows);
  }
  const double title = figure.title.empty() ? 0 : 30;
  const double width = panel_width * static_cast<double>(std::max<std::size_t>(figure.panels.size(), 1));
  const double height = title + top + plot_height + below_plot + legend_rows * legend_row + 8;

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) + "\" height=\"" +
         px(height) + "\" viewBox=\"0 0 " + px(width) + " " + px(height) +
         "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  if (!figure.title.empty())
    out += "<text class=\"title\" x=\"" + px(width / 2) +
           "\" y=\"22\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">" +
           escape(figure.title) + "</text>\n";
  for (std::size_t i = 0; i < figure.panels.size(); ++i)
    render_panel(out, figure.panels[i], layouts[i], panel_width * static_cast<double>(i), title);
  out += "</svg>\n";
  return out;
}

void write_atomically(const std::filesystem::path& file, std::string_view content) {
  const std::string tmp = file.string() + ".tmp";
  auto fail = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Error("cannot write '" + file.string() + "': " + what + ": " + reason);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw Error("cannot write '" + file.string() + "': cannot create '" + tmp +
                          "': " + std::strerror(errno));
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const Error e = fail("writing '" + tmp + "'");
      ::close(fd);
      throw e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const Error e = fail("flushing '" + tmp + "'");
    ::close(fd);
    throw e;
  }
  if (::close(fd) != 0) throw fail("closing '" + tmp + "'");
  if (::rename(tmp.c_str(), file.c_str()) != 0) throw fail("renaming '" + tmp + "' over it");
}

}  // namespace neurite::svg
