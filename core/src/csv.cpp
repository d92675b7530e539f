#include <neurite/csv.hpp>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include <neurite/sdk/errors.hpp>

namespace neurite::csv {

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const auto comma = line.find(',', start);
    fields.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) return fields;
    start = comma + 1;
  }
}

// The whole field or nothing: "1.5x" is not 1.5. from_chars ignores the locale, unlike strtod.
std::optional<double> to_number(std::string_view s) {
  if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

Table Table::read(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) throw Error(file.string() + ": is a directory");
  std::ifstream in(file);
  if (!in) throw Error(file.string() + ": cannot read: " + std::strerror(errno));
  Table t = parse(in, file.string());
  if (in.bad()) throw Error(file.string() + ": read error: " + std::strerror(errno));
  return t;
}

Table Table::parse(std::istream& in, const std::string& name) {
  Table t;
  t.name_ = name;
  std::string line;
  std::size_t number = 0, first_line = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string_view text = line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (trim(text).empty()) continue;
    const auto fields = split(text);
    std::vector<double> row;
    std::optional<std::size_t> bad;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (auto v = to_number(fields[i])) row.push_back(*v);
      else if (!bad) bad = i;
    }
    if (first_line == 0 && t.header_.empty() && row.empty()) {
      for (auto f : fields) {
        if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
        t.header_.emplace_back(f);
      }
      t.cols_ = fields.size();
      first_line = number;
      continue;
    }
    const std::string where = name + ":" + std::to_string(number) + ": ";
    if (bad)
      throw Error(where + "field " + std::to_string(*bad + 1) + " is " +
                  (fields[*bad].empty() ? std::string("empty")
                                        : "'" + std::string(fields[*bad]) + "'") +
                  ", expected a number");
    if (first_line == 0) {
      first_line = number;
      t.cols_ = row.size();
    } else if (row.size() != t.cols_) {
      throw Error(where + plural(row.size(), "value") + ", expected " + std::to_string(t.cols_) +
                  (t.header_.empty() ? " as on line " : " as in the header on line ") +
                  std::to_string(first_line));
    }
    t.values_.insert(t.values_.end(), row.begin(), row.end());
    t.lines_.push_back(number);
  }
  if (t.lines_.empty())
    throw Error(name + ": no data rows" +
                (t.header_.empty() ? std::string(", the file is empty")
                                   : ", only a header on line 1") +
                "; expected one sample per line");
  return t;
}

std::string Table::where(std::size_t row) const {
  return name_ + ":" + std::to_string(lines_.at(row));
}

void Table::require_cols(std::size_t cols, std::string_view why) const {
  if (cols == cols_) return;
  throw Error(where(0) + ": rows have " + plural(cols_, "value") + ", expected " +
              std::to_string(cols) + " (" + std::string(why) + ")");
}

void Table::require_rows(std::size_t rows, std::string_view why) const {
  if (rows == this->rows()) return;
  if (this->rows() > rows)
    throw Error(where(rows) + ": row " + std::to_string(rows + 1) + " is one too many; expected " +
                plural(rows, "row") + " (" + std::string(why) + ")");
  throw Error(where(this->rows() - 1) + ": the data ends after " + plural(this->rows(), "row") +
              ", expected " + std::to_string(rows) + " (" + std::string(why) + ")");
}

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace neurite::csv
