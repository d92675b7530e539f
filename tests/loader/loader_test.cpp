// Every way a plugin file can be broken, with real files: each is skipped with its reason, the
// host keeps going, and clashing names are reported with both files.
#define BOOST_TEST_MODULE loader
#include <boost/test/unit_test.hpp>

#include <neurite/registry.hpp>
#include <neurite/sdk/abi.hpp>

#include "../support/process.hpp"

namespace fs = std::filesystem;
using neurite::test::neurite_cmd;
using neurite::test::run;

namespace {

const fs::path broken_dir = NEURITE_BROKEN_DIR;
const fs::path plugin_dir = NEURITE_PLUGIN_DIR;

std::string load_error(const fs::path& file) {
  try {
    neurite::load_library(file);
  } catch (const neurite::LoadError& e) {
    return e.what();
  }
  return "loaded";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A plugin directory holding one file of every failure mode, plus a copy of the ReLU library.
struct BrokenDir {
  neurite::test::TempDir dir;
  BrokenDir() {
    std::ofstream(dir / "x.so") << "this is a text file that only pretends to be a shared object\n";
    for (auto name : {"no_manifest", "other_abi", "throwing_manifest", "unresolved_symbol"})
      fs::copy_file(broken_dir / (std::string(name) + ".so"), dir / (std::string(name) + ".so"));
    fs::copy_file(plugin_dir / "relu.so", dir / "relu_copy.so");
    fs::copy_file(plugin_dir / "leaky_relu.so", dir / "world_writable.so");
    fs::permissions(dir / "world_writable.so", fs::perms::others_write, fs::perm_options::add);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(text_file_named_so_is_refused) {
  neurite::test::TempDir dir;
  std::ofstream(dir / "x.so") << "a text file\n";
  BOOST_TEST(load_error(dir / "x.so") == "not loadable: file too short");
  std::ofstream(dir / "y.so") << std::string(200, '#') << "\n";
  BOOST_TEST(load_error(dir / "y.so") == "not loadable: invalid ELF header");
}

BOOST_AUTO_TEST_CASE(library_without_manifest_is_refused) {
  BOOST_TEST(load_error(broken_dir / "no_manifest.so") ==
             "not a Neurite plugin: it exports no neurite_manifest symbol");
}

BOOST_AUTO_TEST_CASE(foreign_library_is_refused) {
  const auto libz = fs::path("/lib/x86_64-linux-gnu/libz.so.1");
  if (fs::exists(libz)) {
    neurite::test::TempDir dir;
    fs::copy_file(libz, dir / "foreign.so");
    BOOST_TEST(load_error(dir / "foreign.so") ==
               "not a Neurite plugin: it exports no neurite_abi symbol");
  }
}

BOOST_AUTO_TEST_CASE(unresolved_symbol_is_refused_at_load_not_at_first_call) {
  const auto message = load_error(broken_dir / "unresolved_symbol.so");
  BOOST_TEST(contains(message, "not loadable: undefined symbol:"), message);
  BOOST_TEST(contains(message, "neurite_function_defined_nowhere"), message);
}

BOOST_AUTO_TEST_CASE(other_abi_is_refused_before_its_manifest_runs) {
  const auto message = load_error(broken_dir / "other_abi.so");
  const auto ours = std::to_string(neurite::sdk_abi), theirs = std::to_string(neurite::sdk_abi + 1);
  BOOST_TEST(contains(message, "built for another ABI (SDK ABI " + theirs + ", Armadillo"), message);
  BOOST_TEST(contains(message, "this host needs SDK ABI " + ours), message);
}

BOOST_AUTO_TEST_CASE(throwing_manifest_is_refused) {
  BOOST_TEST(load_error(broken_dir / "throwing_manifest.so") ==
             "its manifest threw: manifest exploded on purpose");
}

BOOST_AUTO_TEST_CASE(world_writable_file_and_directory_are_refused) {
  neurite::test::TempDir dir;
  fs::copy_file(plugin_dir / "relu.so", dir / "relu.so");
  BOOST_TEST(load_error(dir / "relu.so") == "loaded");
  fs::permissions(dir / "relu.so", fs::perms::others_write, fs::perm_options::add);
  BOOST_TEST(load_error(dir / "relu.so") == "refused: the file is world-writable (chmod o-w it)");
  fs::permissions(dir / "relu.so", fs::perms::others_write, fs::perm_options::remove);
  fs::permissions(dir.path(), fs::perms::all, fs::perm_options::replace);
  BOOST_TEST(load_error(dir / "relu.so") ==
             "refused: its directory is world-writable without the sticky bit");
  fs::permissions(dir.path(), fs::perms::sticky_bit, fs::perm_options::add);
  BOOST_TEST(load_error(dir / "relu.so") == "loaded");
}

BOOST_AUTO_TEST_CASE(list_names_every_skipped_file_with_its_reason_and_exits_0) {
  BrokenDir broken;
  const auto d = broken.dir.path().string();
  const auto r = run(neurite_cmd("list --plugin-dir " + d));
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(contains(r.out, d + "/x.so: not loadable: file too short"), r.out);
  BOOST_TEST(contains(r.out, d + "/no_manifest.so: not a Neurite plugin"), r.out);
  BOOST_TEST(contains(r.out, d + "/other_abi.so: built for another ABI"), r.out);
  BOOST_TEST(contains(r.out, d + "/throwing_manifest.so: its manifest threw: manifest exploded"),
             r.out);
  BOOST_TEST(contains(r.out, d + "/unresolved_symbol.so: not loadable: undefined symbol"), r.out);
  BOOST_TEST(contains(r.out, d + "/world_writable.so: refused: the file is world-writable"), r.out);
  BOOST_TEST(contains(r.out, "clash: 'ReLU' is provided by both " + d + "/relu_copy.so and " +
                                 (plugin_dir / "relu.so").string()),
             r.out);
  BOOST_TEST(contains(r.out, "leaky-ReLU"), "the good plugins are still listed");
}

BOOST_AUTO_TEST_CASE(a_clashing_name_is_fatal_unless_overridden) {
  BrokenDir broken;
  const auto d = broken.dir.path().string();
  const auto clash = run(neurite_cmd("info ReLU --plugin-dir " + d));
  BOOST_TEST(clash.status == 1);
  BOOST_TEST(clash.err == "neurite info: error: 'ReLU' is provided by two libraries, " + d +
                              "/relu_copy.so and " + (plugin_dir / "relu.so").string() +
                              "; remove one, or pass --allow-override to use the first\n");
  const auto chosen = run(neurite_cmd("info ReLU --allow-override --plugin-dir " + d));
  BOOST_TEST(chosen.status == 0, chosen.err);
  BOOST_TEST(contains(chosen.out, "file:    " + d + "/relu_copy.so"), chosen.out);
  const auto other = run(neurite_cmd("info sigmoid --plugin-dir " + d));
  BOOST_TEST(other.status == 0, "names without a clash still work: " + other.err);
}

BOOST_AUTO_TEST_CASE(check_reports_a_crashing_plugin_and_goes_on) {
  neurite::test::TempDir dir;
  fs::copy_file(broken_dir / "crashing_activation.so", dir / "a_crashing.so");
  fs::copy_file(plugin_dir / "relu.so", dir / "b_relu.so");
  const auto r = run(neurite_cmd("check " + dir.path().string()));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(contains(r.out, "FAIL " + (dir / "a_crashing.so").string() +
                                 ": crashed with signal 11 (Segmentation fault)"),
             r.out);
  BOOST_TEST(contains(r.out, "PASS ReLU"), r.out);
  BOOST_TEST(contains(r.out, "1 passed, 1 failed"), r.out);
}
