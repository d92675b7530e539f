// RReLU: f(x) = x for x >= 0, a x otherwise; f'(x) = 1 for x > 0, a otherwise (the a of the
// forward). In training a ~ U(lower, upper), drawn per element of the batch in storage order
// (also where x >= 0) from the caller's seeded generator at every forward and kept for the
// backward; in inference a = (lower + upper)/2.
// Xu et al. 2015 (arXiv:1505.00853); lower 1/8 and upper 1/3 as in the paper and torch; in
// inference equal to torch.nn.functional.rrelu(training=False).
#include <sstream>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Rrelu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "RReLU",
                                      .summary = "leaky ReLU with a random slope while training",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {
      neurite::real("lower", 0.125, neurite::closed_open(0.0, 1.0),
                    "smallest negative slope drawn in training (at most upper)"),
      neurite::real("upper", 0.3333333333333333, neurite::closed_open(0.0, 1.0),
                    "largest negative slope drawn in training (at least lower)")};
  static std::vector<double> kinks(const neurite::Values&) { return {0.0}; }

  explicit Rrelu(const neurite::Values& v)
      : lower_(v.get<double>("lower")),
        upper_(v.get<double>("upper")),
        mean_(T((lower_ + upper_) / 2)) {
    std::ostringstream why;
    why << "lower=" << lower_ << " must not exceed upper=" << upper_;
    neurite::require(lower_ <= upper_, why.str());
  }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context& ctx) {
    if (!ctx.training) {
      neurite::elementwise(x, y, [a = mean_](T v) { return v >= 0 ? v : a * v; });
      return;
    }
    if (ctx.rng == nullptr) throw neurite::Error("RReLU: training needs the caller's generator");
    std::uniform_real_distribution<T> draw{T(lower_), T(upper_)};
    slopes_.set_size(x.n_rows, x.n_cols);
    for (arma::uword i = 0; i < x.n_elem; ++i) {
      slopes_[i] = draw(*ctx.rng);
      y[i] = x[i] >= 0 ? x[i] : slopes_[i] * x[i];
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context& ctx) const {
    if (!ctx.training) {
      neurite::chain(x, dy, dx, [a = mean_](T v) { return v > 0 ? T(1) : a; });
      return;
    }
    if (slopes_.n_rows != x.n_rows || slopes_.n_cols != x.n_cols)
      throw neurite::Error("RReLU: a training backward needs the forward of the same batch");
    for (arma::uword i = 0; i < x.n_elem; ++i) dx[i] = x[i] > 0 ? dy[i] : slopes_[i] * dy[i];
  }

 private:
  double lower_, upper_;
  T mean_;
  arma::Mat<T> slopes_;  // the draws of the last training forward
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Rrelu)
