#pragma once
// Numeric CSV batches: one sample per line, comma-separated numbers, every row the same width,
// an optional header row (a first line in which no field is a number). Blank lines are skipped.
// Every error names the file, the line and what was expected. Numbers that Neurite writes use
// number(): 17 significant digits, so they read back to the same double.
#include <armadillo>
#include <cstddef>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace neurite::csv {

class Table {
 public:
  // Throws neurite::Error: unreadable file, a field that is not a number, rows of unequal
  // width, no data rows.
  static Table read(const std::filesystem::path& file);
  // `name` stands for the file in messages.
  static Table parse(std::istream& in, const std::string& name);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& header() const { return header_; }  // empty: none
  std::size_t rows() const { return lines_.size(); }
  std::size_t cols() const { return cols_; }
  double operator()(std::size_t row, std::size_t col) const { return values_[row * cols_ + col]; }
  // "FILE:LINE", the line (from 1) a data row came from.
  std::string where(std::size_t row) const;

  // Throw naming the file and a line when the width or the row count is not the expected one;
  // `why` says where the expectation comes from ("the width of y").
  void require_cols(std::size_t cols, std::string_view why) const;
  void require_rows(std::size_t rows, std::string_view why) const;

  // The batch: one column per row of the file (cols() x rows()).
  template <typename T>
  arma::Mat<T> batch() const {
    arma::Mat<T> m(cols_, rows());
    for (std::size_t r = 0; r < rows(); ++r)
      for (std::size_t c = 0; c < cols_; ++c) m(c, r) = static_cast<T>((*this)(r, c));
    return m;
  }

 private:
  std::string name_;
  std::vector<std::string> header_;
  std::size_t cols_ = 0;
  std::vector<double> values_;    // row-major
  std::vector<std::size_t> lines_;  // the file line of each row
};

// %.17g.
std::string number(double value);

// A text field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
std::string field(std::string_view text);

}  // namespace neurite::csv
