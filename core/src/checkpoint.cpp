#include <neurite/checkpoint.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include <neurite/sdk/errors.hpp>

namespace neurite {

namespace {
const std::string magic = "NEURITE-CHECKPOINT 1\n";

template <typename T>
char element_kind() {
  return sizeof(T) == 4 ? 'f' : 'd';
}
}  // namespace

CheckpointWriter::CheckpointWriter() : bytes_(magic) {}

void CheckpointWriter::header(char kind, const std::string& name, std::uint64_t size) {
  bytes_ += kind;
  bytes_ += name;
  bytes_ += '\0';
  bytes_.append(reinterpret_cast<const char*>(&size), sizeof size);
}

void CheckpointWriter::text(const std::string& name, const std::string& value) {
  header('s', name, value.size());
  bytes_ += value;
}

void CheckpointWriter::integer(const std::string& name, std::uint64_t value) {
  header('i', name, sizeof value);
  bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
void CheckpointWriter::matrix(const std::string& name, const arma::Mat<T>& m) {
  header(element_kind<T>(), name, 2 * sizeof(std::uint64_t) + m.n_elem * sizeof(T));
  const std::uint64_t shape[2] = {m.n_rows, m.n_cols};
  bytes_.append(reinterpret_cast<const char*>(shape), sizeof shape);
  bytes_.append(reinterpret_cast<const char*>(m.memptr()), m.n_elem * sizeof(T));
}

template <typename T>
void CheckpointWriter::scalar(const std::string& name, T value) {
  matrix(name, arma::Mat<T>(1, 1, arma::fill::value(value)));
}

// A process killed while writing leaves its FILE.tmp-PID behind; the next writer removes it.
static void remove_stale_temporaries(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  const auto dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const std::string prefix = file.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    const std::string name = item.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const int pid = std::atoi(name.c_str() + prefix.size());
    if (pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH) fs::remove(item.path(), ec);
  }
}

void CheckpointWriter::commit(const std::filesystem::path& file) const {
  remove_stale_temporaries(file);
  const auto temporary = file.string() + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw Error(file.string() + ": cannot write the checkpoint: " + std::strerror(errno));
  const char* slow = std::getenv("NEURITE_TEST_SLOW_CHECKPOINT_MS");
  const std::size_t half = bytes_.size() / 2;
  bool ok = true;
  for (std::size_t done = 0; done < bytes_.size() && ok;) {
    const std::size_t end = done < half ? half : bytes_.size();
    const auto n = ::write(fd, bytes_.data() + done, end - done);
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
    if (ok && done == half && slow)
      std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(slow)));
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || std::rename(temporary.c_str(), file.c_str()) != 0) {
    const int reason = ok ? errno : saved;
    std::filesystem::remove(temporary);
    throw Error(file.string() + ": cannot write the checkpoint: " + std::strerror(reason));
  }
}

CheckpointReader::CheckpointReader(const std::filesystem::path& file) : file_(file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot read the checkpoint");
  std::ostringstream s;
  s << in.rdbuf();
  bytes_ = s.str();
  if (bytes_.compare(0, magic.size(), magic) != 0) fail("not a Neurite checkpoint");
  at_ = magic.size();
}

void CheckpointReader::fail(const std::string& why) const {
  throw Error(file_.string() + ": " + why);
}

std::uint64_t CheckpointReader::expect(char kind, const std::string& name) {
  const auto end = bytes_.find('\0', at_ + 1);
  if (at_ >= bytes_.size() || end == std::string::npos || end + 9 > bytes_.size())
    fail("truncated before '" + name + "'");
  const std::string found = bytes_.substr(at_ + 1, end - at_ - 1);
  if (bytes_[at_] != kind || found != name)
    fail("expected '" + name + "', found '" + found + "': not a checkpoint of this model");
  std::uint64_t size = 0;
  std::memcpy(&size, bytes_.data() + end + 1, sizeof size);
  at_ = end + 1 + sizeof size;
  if (bytes_.size() - at_ < size) fail("truncated inside '" + name + "'");
  return size;
}

std::string CheckpointReader::text(const std::string& name) {
  const auto size = expect('s', name);
  std::string value = bytes_.substr(at_, size);
  at_ += size;
  return value;
}

std::uint64_t CheckpointReader::integer(const std::string& name) {
  expect('i', name);
  std::uint64_t value = 0;
  std::memcpy(&value, bytes_.data() + at_, sizeof value);
  at_ += sizeof value;
  return value;
}

template <typename T>
void CheckpointReader::matrix(const std::string& name, arma::Mat<T>& m) {
  const auto size = expect(element_kind<T>(), name);
  std::uint64_t shape[2];
  std::memcpy(shape, bytes_.data() + at_, sizeof shape);
  if (shape[0] != m.n_rows || shape[1] != m.n_cols || size != sizeof shape + m.n_elem * sizeof(T))
    fail("'" + name + "' is " + std::to_string(shape[0]) + "x" + std::to_string(shape[1]) +
         ", the model needs " + std::to_string(m.n_rows) + "x" + std::to_string(m.n_cols));
  std::memcpy(m.memptr(), bytes_.data() + at_ + sizeof shape, m.n_elem * sizeof(T));
  at_ += size;
}

template <typename T>
T CheckpointReader::scalar(const std::string& name) {
  arma::Mat<T> m(1, 1);
  matrix(name, m);
  return m(0, 0);
}

void CheckpointReader::finish() const {
  if (at_ != bytes_.size()) fail("unexpected data after the last section");
}

template void CheckpointWriter::matrix<float>(const std::string&, const arma::fmat&);
template void CheckpointWriter::matrix<double>(const std::string&, const arma::mat&);
template void CheckpointWriter::scalar<float>(const std::string&, float);
template void CheckpointWriter::scalar<double>(const std::string&, double);
template void CheckpointReader::matrix<float>(const std::string&, arma::fmat&);
template void CheckpointReader::matrix<double>(const std::string&, arma::mat&);
template float CheckpointReader::scalar<float>(const std::string&);
template double CheckpointReader::scalar<double>(const std::string&);

}  // namespace neurite
