#pragma once
// Loading one plugin library, checked field by field: the file, its permissions, the ABI word
// (read before anything of the library runs) and then its manifest. Every refusal names the
// reason; the caller decides whether it is fatal.
#include <vector>  // boost/dll/library_info.hpp needs it first under BOOST_DLL_USE_STD_FS
#include <boost/dll/shared_library.hpp>
#include <dlfcn.h>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include <neurite/sdk/abi.hpp>
#include <neurite/sdk/errors.hpp>
#include <neurite/sdk/manifest.hpp>

namespace neurite {

class LoadError : public Error {
 public:
  using Error::Error;
};

// A loaded library; every object made from it holds `handle` so it is never unloaded under them.
struct Library {
  std::filesystem::path file;
  std::shared_ptr<boost::dll::shared_library> handle;
  const Manifest* manifest = nullptr;
};

namespace detail {

// Plugins are native code: a file anyone may replace is refused.
inline void check_permissions(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  const auto perms = fs::status(file).permissions();
  if ((perms & fs::perms::others_write) != fs::perms::none)
    throw LoadError("refused: the file is world-writable (chmod o-w it)");
  const auto dir = fs::status(file.parent_path().empty() ? "." : file.parent_path()).permissions();
  if ((dir & fs::perms::others_write) != fs::perms::none &&
      (dir & fs::perms::sticky_bit) == fs::perms::none)
    throw LoadError("refused: its directory is world-writable without the sticky bit");
}

// Boost wraps dlerror's text as "... (dlerror system message: FILE: TEXT): <errno text>", and the
// errno text means nothing here: keep TEXT alone.
inline std::string dl_reason(const std::system_error& e, const std::filesystem::path& file) {
  std::string text = e.what();
  const std::string marker = "dlerror system message: ";
  if (auto at = text.find(marker); at != std::string::npos) {
    text = text.substr(at + marker.size());
    if (auto end = text.rfind("): "); end != std::string::npos) text = text.substr(0, end);
  }
  const std::string prefix = file.string() + ": ";
  if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
  return "not loadable: " + text;
}

}  // namespace detail

inline Library load_library(const std::filesystem::path& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw LoadError("not a regular file");
  detail::check_permissions(file);
  Library lib;
  lib.file = file;
  try {
    // rtld_now: a lazily bound unresolved function would kill the process at its first call.
    // RTLD_NODELETE: code stays mapped after the last handle goes, because things made by the
    // plugin can outlive every handle -- an exception it threw is still being reported after
    // the registry that loaded it is gone, and its what() lives in the plugin.
    const auto keep_mapped = static_cast<boost::dll::load_mode::type>(RTLD_NODELETE);
    lib.handle = std::make_shared<boost::dll::shared_library>(
        file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local | keep_mapped);
  } catch (const std::system_error& e) {
    throw LoadError(detail::dl_reason(e, file));
  }
  if (!lib.handle->has("neurite_abi"))
    throw LoadError("not a Neurite plugin: it exports no neurite_abi symbol");
  const std::uint32_t abi = lib.handle->get_alias<const std::uint32_t>("neurite_abi");
  if (abi != abi_word)
    throw LoadError("built for another ABI (" + describe_abi(abi) + "); this host needs " +
                    describe_abi(abi_word) + ": rebuild it against this SDK");
  if (!lib.handle->has("neurite_manifest"))
    throw LoadError("not a Neurite plugin: it exports no neurite_manifest symbol");
  auto& manifest = lib.handle->get_alias<const Manifest&()>("neurite_manifest");
  try {
    lib.manifest = &manifest();
  } catch (const std::exception& e) {
    throw LoadError(std::string("its manifest threw: ") + e.what());
  } catch (...) {
    throw LoadError("its manifest threw an exception of unknown type");
  }
  if (lib.manifest->entries.empty()) throw LoadError("its manifest lists no plugins");
  for (const auto& entry : lib.manifest->entries)
    if (entry.meta.name.empty()) throw LoadError("its manifest has a plugin without a name");
  return lib;
}

}  // namespace neurite
