#pragma once
// The checkpoint file: named sections (text, integers, matrices) in a fixed order, read back in
// the same order with every name and shape checked. Written atomically: a temporary file beside
// the target, flushed to disk, then renamed over it, so a kill at any moment leaves the previous
// checkpoint intact.
#include <armadillo>
#include <cstdint>
#include <filesystem>
#include <string>

namespace neurite {

class CheckpointWriter {
 public:
  CheckpointWriter();
  void text(const std::string& name, const std::string& value);
  void integer(const std::string& name, std::uint64_t value);
  template <typename T>
  void matrix(const std::string& name, const arma::Mat<T>& m);
  template <typename T>
  void scalar(const std::string& name, T value);
  // Writes FILE.tmp-PID, fsyncs it, renames it to FILE. NEURITE_TEST_SLOW_CHECKPOINT_MS (tests
  // only) pauses halfway through the data so that a test can kill the process mid-write.
  void commit(const std::filesystem::path& file) const;

 private:
  void header(char kind, const std::string& name, std::uint64_t size);
  std::string bytes_;
};

class CheckpointReader {
 public:
  explicit CheckpointReader(const std::filesystem::path& file);
  std::string text(const std::string& name);
  std::uint64_t integer(const std::string& name);
  // Reads into m, which must already have the stored shape (the model defines it).
  template <typename T>
  void matrix(const std::string& name, arma::Mat<T>& m);
  template <typename T>
  T scalar(const std::string& name);
  void finish() const;  // nothing may follow the last section

 private:
  std::uint64_t expect(char kind, const std::string& name);
  [[noreturn]] void fail(const std::string& why) const;
  std::filesystem::path file_;
  std::string bytes_;
  std::size_t at_ = 0;
};

}  // namespace neurite
