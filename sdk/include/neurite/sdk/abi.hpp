#pragma once
#include <armadillo>
#include <cstdint>
#include <string>

namespace neurite {

// Bumped whenever an interface, Meta, Param or Entry changes layout or meaning.
inline constexpr std::uint32_t sdk_abi = 2;

// arma::Mat crosses the library boundary, so Armadillo's version and word size are part of the
// ABI: a plugin built against another Armadillo is refused before any of its code runs.
inline constexpr std::uint32_t abi_word = (sdk_abi << 24) | (ARMA_VERSION_MAJOR << 16) |
                                          (ARMA_VERSION_MINOR << 8) |
                                          static_cast<std::uint32_t>(sizeof(arma::uword));

inline std::string describe_abi(std::uint32_t word) {
  return "SDK ABI " + std::to_string(word >> 24) + ", Armadillo " +
         std::to_string((word >> 16) & 0xff) + "." + std::to_string((word >> 8) & 0xff) + ", " +
         std::to_string(8 * (word & 0xff)) + "-bit uword";
}

}  // namespace neurite
