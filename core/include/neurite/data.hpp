#pragma once
// Labelled data sets: MNIST-format IDX files (plain or .gz) from a directory, or CSV with the
// class label in the first column. Every malformed file is refused, before any training, with an
// error naming the file and the problem.
#include <armadillo>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace neurite {

template <typename T>
struct Dataset {
  arma::Mat<T> x;                      // features x samples
  std::vector<std::uint32_t> labels;   // one class per sample
  std::string source;                  // the file(s) it came from, for messages
};

template <typename T>
struct DataSplit {
  Dataset<T> train;
  std::optional<Dataset<T>> test;      // CSV without --test has none
  std::size_t classes = 0;             // the largest label + 1
};

// Where `neurite train` looks by default: Debian's dataset-fashion-mnist package.
inline const char* default_data_dir = "/usr/share/datasets/fashion-mnist";

// `data` is a directory of IDX files or a .csv file; `test` an optional .csv test file.
template <typename T>
DataSplit<T> load_data(const std::string& data, const std::string& test = {});

// Reads a whole file, gunzipping it when it is gzip-compressed; throws naming the file.
std::vector<unsigned char> read_maybe_gzip(const std::filesystem::path& file);

}  // namespace neurite
