// A plugin whose manifest throws while the host reads it.
#include <neurite/sdk/plugin.hpp>

#include <stdexcept>

namespace {
const neurite::Manifest& manifest() { throw std::runtime_error("manifest exploded on purpose"); }
const std::uint32_t abi_value = neurite::abi_word;
}  // namespace
BOOST_DLL_ALIAS(abi_value, neurite_abi)
BOOST_DLL_ALIAS(manifest, neurite_manifest)
