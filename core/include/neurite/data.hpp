#pragma once
// Labelled data sets: MNIST-format IDX files (plain or .gz) from a directory, or CSV with the
// class label in the first column. Every malformed file is refused, before any training, with an
// error naming the file and the problem.
#include <algorithm>
#include <armadillo>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace neurite {

// GCC deletes a loop whose body is only __builtin_prefetch (it has no side effects to keep), so on
// x86-64 the instruction is spelled out.
inline void prefetch_line(const char* p) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 %0" : : "m"(*p));
#else
  __builtin_prefetch(p);
#endif
}

// out[i] = in[i] / 255 for n pixels (the same division, so the same values), built for AVX-512,
// AVX2 and the baseline like the activations' loops: converting an epoch's cached pixels took
// 6 ms in the baseline SSE2 loop and takes 3.3 ms here.
void unit_pixels(const std::uint8_t* in, float* out, std::size_t n);
void unit_pixels(const std::uint8_t* in, double* out, std::size_t n);

// Features x samples. IDX pixels stay bytes and become byte/255 as a sample is copied out: a
// shuffled batch then reads a quarter of the memory that float pixels would take. CSV features
// are kept as read.
template <typename T>
struct Dataset {
  arma::Mat<std::uint8_t> pixels;      // IDX images, or empty
  arma::Mat<T> values;                 // CSV features, or empty
  std::vector<std::uint32_t> labels;   // one class per sample
  std::string source;                  // the file(s) it came from, for messages

  arma::uword features() const { return pixels.is_empty() ? values.n_rows : pixels.n_rows; }
  arma::uword samples() const { return labels.size(); }
  // Shuffled samples are scattered across memory, beyond what the hardware prefetcher foresees;
  // asking for the sample a few ahead halves the time of gathering a batch.
  void prefetch_sample(std::size_t sample) const {
    const char* first = pixels.is_empty() ? reinterpret_cast<const char*>(values.colptr(sample))
                                          : reinterpret_cast<const char*>(pixels.colptr(sample));
    const std::size_t bytes = pixels.is_empty() ? values.n_rows * sizeof(T) : pixels.n_rows;
    for (std::size_t line = 0; line < bytes; line += 64) prefetch_line(first + line);
  }
  void copy_sample(std::size_t sample, T* out) const {
    if (pixels.is_empty()) {
      std::copy_n(values.colptr(sample), values.n_rows, out);
      return;
    }
    unit_pixels(pixels.colptr(sample), out, pixels.n_rows);
  }
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
