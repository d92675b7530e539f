// maxout: output row i = max of input rows ik .. ik+k-1 (groups of k consecutive rows), so the
// rows out are the rows in / k; backward passes dy to the first (lowest-row) maximum of each
// group and 0 to the other rows.
// Goodfellow et al. 2013 (arXiv:1302.4389), k = 2 as in the seed. f' jumps where two rows of a
// group tie, which depends on the other rows, so no kink can be declared elementwise.
#include <string>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Maxout {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "maxout",
                                      .summary = "maximum over groups of k consecutive rows",
                                      .init = neurite::Init::xavier};
  static constexpr neurite::Param params[] = {neurite::integer(
      "k", 2, neurite::at_least(2), "rows per group; must divide the input rows")};

  explicit Maxout(const neurite::Values& v) : k_(v.get<arma::uword>("k")) {}

  arma::uword output_rows(arma::uword rows) const {
    if (rows % k_ != 0)
      throw neurite::BadParameter("k=" + std::to_string(k_) + " does not divide the " +
                                  std::to_string(rows) + " input rows");
    return rows / k_;
  }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* in = x.colptr(c);
      T* out = y.colptr(c);
      for (arma::uword g = 0; g < y.n_rows; ++g) out[g] = in[first_max(in, g)];
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx.zeros();
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* in = x.colptr(c);
      const T* g = dy.colptr(c);
      T* out = dx.colptr(c);
      for (arma::uword i = 0; i < dy.n_rows; ++i) out[first_max(in, i)] = g[i];
    }
  }

 private:
  // The row of the first maximum of group g of one column.
  arma::uword first_max(const T* column, arma::uword g) const {
    arma::uword best = g * k_;
    for (arma::uword r = best + 1; r < (g + 1) * k_; ++r)
      if (column[r] > column[best]) best = r;
    return best;
  }

  arma::uword k_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Maxout)
