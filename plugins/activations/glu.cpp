// GLU: with a the first half of the rows and b the second half, f = a ⊙ σ(b), so the rows out are
// the rows in / 2; backward: da = dy ⊙ σ(b), db = dy ⊙ a ⊙ σ(b) σ(-b).
// Dauphin et al. 2016 (arXiv:1612.08083); equal to torch.nn.functional.glu (dim = the rows).
// σ' is σ(b) σ(-b) from b, never σ(1 - σ), which is 0 for b > 37. Evaluated in double for both
// element types and rounded once.
#include <string>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Glu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "GLU",
                                      .summary = "first half of the rows times σ(second half)",
                                      .init = neurite::Init::xavier};

  arma::uword output_rows(arma::uword rows) const {
    if (rows % 2 != 0)
      throw neurite::BadParameter("needs an even number of input rows, got " +
                                  std::to_string(rows));
    return rows / 2;
  }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    const arma::uword h = y.n_rows;
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* a = x.colptr(c);
      T* out = y.colptr(c);
      for (arma::uword i = 0; i < h; ++i)
        out[i] = T(double(a[i]) * neurite::stable::sigmoid(double(a[h + i])));
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    const arma::uword h = dy.n_rows;
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* a = x.colptr(c);
      const T* g = dy.colptr(c);
      T* out = dx.colptr(c);
      for (arma::uword i = 0; i < h; ++i) {
        const double b = a[h + i], s = neurite::stable::sigmoid(b);
        out[i] = T(g[i] * s);
        out[h + i] = T(double(g[i]) * double(a[i]) * s * neurite::stable::sigmoid(-b));
      }
    }
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Glu)
