// A library that declares the ABI word but publishes no manifest.
#include <boost/dll/alias.hpp>
#include <neurite/sdk/abi.hpp>

namespace {
const std::uint32_t abi_value = neurite::abi_word;
}
BOOST_DLL_ALIAS(abi_value, neurite_abi)
