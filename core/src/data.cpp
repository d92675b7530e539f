#include <neurite/data.hpp>

#include <zlib.h>

#include <algorithm>
#include <iomanip>
#include <sstream>

#include <neurite/csv.hpp>
#include <neurite/sdk/errors.hpp>
#include <neurite/sdk/math.hpp>

namespace neurite {
namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t images_magic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr std::uint32_t labels_magic = 0x00000801;  // unsigned bytes, 1 dimension

std::string hex(std::uint32_t v) {
  std::ostringstream s;
  s << "0x" << std::hex << std::setw(8) << std::setfill('0') << v;
  return s.str();
}

std::uint32_t big_endian(const std::vector<unsigned char>& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
}

// The file `name` or `name.gz` in `dir`.
fs::path find_idx(const fs::path& dir, const std::string& name) {
  for (const auto& candidate : {dir / name, dir / (name + ".gz")})
    if (fs::exists(candidate)) return candidate;
  throw Error("data directory '" + dir.string() + "' has no " + name + " (or " + name +
              ".gz); expected the four MNIST-format IDX files");
}

struct Idx {
  fs::path file;
  std::vector<unsigned char> bytes;
  std::vector<std::uint32_t> dims;
  std::size_t payload = 0;  // offset of the data
};

Idx read_idx(const fs::path& file, std::uint32_t magic, std::size_t ndims, const char* what) {
  Idx idx{file, read_maybe_gzip(file), {}, 4 + 4 * ndims};
  const auto& b = idx.bytes;
  if (b.size() < 4 || big_endian(b, 0) != magic)
    throw Error(file.string() + ": wrong magic number " +
                (b.size() < 4 ? std::string("(file shorter than 4 bytes)") : hex(big_endian(b, 0))) +
                ", expected " + hex(magic) + " (IDX " + what + ")");
  if (b.size() < idx.payload)
    throw Error(file.string() + ": truncated inside its header (" + std::to_string(b.size()) +
                " bytes)");
  std::size_t expected = 1;
  for (std::size_t d = 0; d < ndims; ++d) {
    idx.dims.push_back(big_endian(b, 4 + 4 * d));
    expected *= idx.dims.back();
  }
  if (b.size() - idx.payload < expected)
    throw Error(file.string() + ": truncated: its header promises " + std::to_string(expected) +
                " bytes of data, the file holds " + std::to_string(b.size() - idx.payload));
  if (b.size() - idx.payload > expected)
    throw Error(file.string() + ": " + std::to_string(b.size() - idx.payload - expected) +
                " bytes after the data its header describes");
  return idx;
}

template <typename T>
Dataset<T> load_idx_pair(const fs::path& dir, const std::string& prefix) {
  const Idx images = read_idx(find_idx(dir, prefix + "-images-idx3-ubyte"), images_magic, 3,
                              "images: unsigned bytes, 3 dimensions");
  const Idx labels = read_idx(find_idx(dir, prefix + "-labels-idx1-ubyte"), labels_magic, 1,
                              "labels: unsigned bytes, 1 dimension");
  const std::size_t n = images.dims[0], features = std::size_t{images.dims[1]} * images.dims[2];
  if (labels.dims[0] != n)
    throw Error(images.file.string() + " holds " + std::to_string(n) + " images but " +
                labels.file.string() + " holds " + std::to_string(labels.dims[0]) +
                " labels; they must be equal");
  if (n == 0) throw Error(images.file.string() + ": holds no images");
  Dataset<T> set;
  set.source = images.file.string();
  set.pixels = arma::Mat<std::uint8_t>(images.bytes.data() + images.payload, features, n);
  const unsigned char* l = labels.bytes.data() + labels.payload;
  set.labels.assign(l, l + n);
  return set;
}

template <typename T>
Dataset<T> load_csv(const fs::path& file) {
  const auto table = csv::Table::read(file);
  if (table.cols() < 2)
    throw Error(file.string() + ": needs a class label and at least one feature per line");
  Dataset<T> set;
  set.source = file.string();
  set.values.set_size(table.cols() - 1, table.rows());
  set.labels.resize(table.rows());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const double label = table(r, 0);
    if (!(label >= 0) || label != std::floor(label) || label > 1e6)
      throw Error(table.where(r) + ": the class label " + csv::number(label) +
                  " is not a non-negative integer");
    set.labels[r] = static_cast<std::uint32_t>(label);
    for (std::size_t c = 1; c < table.cols(); ++c) set.values(c - 1, r) = static_cast<T>(table(r, c));
  }
  return set;
}

}  // namespace

NEURITE_VECTOR_CLONES void unit_pixels(const std::uint8_t* __restrict in, float* __restrict out,
                                       std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(in[i]) / 255.0f;
}

NEURITE_VECTOR_CLONES void unit_pixels(const std::uint8_t* __restrict in, double* __restrict out,
                                       std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<double>(in[i]) / 255.0;
}

std::vector<unsigned char> read_maybe_gzip(const fs::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  if (!in) throw Error(file.string() + ": cannot open it");
  std::vector<unsigned char> bytes;
  unsigned char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(in, buffer, sizeof buffer)) > 0) bytes.insert(bytes.end(), buffer, buffer + n);
  int code = Z_OK;
  const std::string message = n < 0 ? gzerror(in, &code) : "";
  gzclose(in);
  if (n < 0) throw Error(file.string() + ": cannot decompress it (" + message + "); truncated?");
  return bytes;
}

template <typename T>
DataSplit<T> load_data(const std::string& data, const std::string& test) {
  DataSplit<T> split;
  const fs::path path = data.empty() ? fs::path(default_data_dir) : fs::path(data);
  if (fs::is_directory(path)) {
    if (!test.empty()) throw Error("--test is for CSV data; a data directory holds its test set");
    split.train = load_idx_pair<T>(path, "train");
    split.test = load_idx_pair<T>(path, "t10k");
    if (split.test->features() != split.train.features())
      throw Error(split.test->source + ": images of " + std::to_string(split.test->features()) +
                  " pixels, but the training images have " + std::to_string(split.train.features()));
  } else if (path.extension() == ".csv") {
    split.train = load_csv<T>(path);
    if (!test.empty()) {
      split.test = load_csv<T>(test);
      if (split.test->features() != split.train.features())
        throw Error(test + ": " + std::to_string(split.test->features()) + " features per line, but " +
                    path.string() + " has " + std::to_string(split.train.features()));
    }
  } else if (!fs::exists(path)) {
    throw Error("--data '" + path.string() + "' does not exist" +
                (data.empty() ? " (install the Debian package dataset-fashion-mnist)" : ""));
  } else {
    throw Error("--data '" + path.string() + "' is neither a directory of IDX files nor a .csv file");
  }
  std::uint32_t top = *std::max_element(split.train.labels.begin(), split.train.labels.end());
  if (split.test)
    top = std::max(top, *std::max_element(split.test->labels.begin(), split.test->labels.end()));
  split.classes = top + 1;
  if (split.classes < 2) throw Error(split.train.source + ": all labels are 0; need two classes at least");
  return split;
}

template DataSplit<float> load_data<float>(const std::string&, const std::string&);
template DataSplit<double> load_data<double>(const std::string&, const std::string&);

}  // namespace neurite
