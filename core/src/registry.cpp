#include <neurite/registry.hpp>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <set>

namespace neurite {
namespace fs = std::filesystem;

namespace {

std::string article(Family f) { return f == Family::loss ? "a " : "an "; }

}  // namespace

Registry Registry::discover(const std::vector<fs::path>& dirs) {
  Registry r;
  std::set<fs::path> seen;
  for (const auto& dir : dirs) {
    std::error_code ec;
    const auto canonical = fs::weakly_canonical(dir, ec);
    if (!seen.insert(ec ? dir : canonical).second) continue;
    r.dirs_.push_back(dir);
    if (!fs::is_directory(dir, ec)) {
      r.skipped_.push_back({dir, "no such directory"});
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& item : fs::directory_iterator(dir, ec))
      if (item.path().extension() == ".so" && item.is_regular_file(ec)) files.push_back(item.path());
    // Within one directory the smaller file name comes first (and wins with --allow-override).
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      try {
        r.add(load_library(file));
      } catch (const LoadError& e) {
        r.skipped_.push_back({file, e.what()});
      }
    }
  }
  return r;
}

Registry Registry::single(const fs::path& file) {
  Registry r;
  r.add(load_library(file));
  return r;
}

void Registry::add(Library library) {
  for (const auto& entry : library.manifest->entries) {
    plugins_.push_back({&entry, library.file, library.handle});
    index(plugins_.size() - 1);
  }
}

void Registry::index(std::size_t plugin) {
  const auto& meta = plugins_[plugin].entry->meta;
  std::vector<std::string> keys{normalize_name(meta.name)};
  for (auto alias : meta.aliases)
    if (!alias.empty()) keys.push_back(normalize_name(alias));
  for (const auto& key : keys) {
    auto it = std::find_if(keys_.begin(), keys_.end(), [&](auto& k) { return k.first == key; });
    if (it == keys_.end()) {
      keys_.emplace_back(key, plugin);
    } else if (plugins_[it->second].entry != plugins_[plugin].entry) {
      const auto& first = plugins_[it->second];
      const bool known = std::any_of(clashes_.begin(), clashes_.end(), [&](const Clash& c) {
        return c.key == key && c.first == first.file && c.second == plugins_[plugin].file;
      });
      if (!known)
        clashes_.push_back({std::string(meta.name), key, first.file, plugins_[plugin].file});
    }
  }
}

const Plugin& Registry::find(std::string_view name, std::optional<Family> family) const {
  const auto key = normalize_name(name);
  auto it = std::find_if(keys_.begin(), keys_.end(), [&](auto& k) { return k.first == key; });
  if (it != keys_.end()) {
    const Plugin& p = plugins_[it->second];
    if (family && p.family() != *family)
      throw Error("'" + std::string(name) + "' is " + article(p.family()) +
                  std::string(to_string(p.family())) + ", not " + article(*family) +
                  std::string(to_string(*family)));
    if (!allow_override_) {
      for (const auto& c : clashes_)
        if (c.key == key && c.first == p.file)
          throw Error("'" + std::string(p.name()) + "' is provided by two libraries, " +
                      c.first.string() + " and " + c.second.string() +
                      "; remove one, or pass --allow-override to use the first");
    }
    return p;
  }
  std::vector<std::string> known;
  for (const auto& p : plugins_)
    if (!family || p.family() == *family) {
      known.emplace_back(p.name());
      for (auto alias : p.entry->meta.aliases)
        if (!alias.empty()) known.emplace_back(alias);
    }
  const std::string what = family ? std::string(to_string(*family)) : "plugin";
  std::string message = "no " + what + " named '" + std::string(name) + "'";
  const auto near = near_matches(name, known);
  if (!near.empty()) {
    message += "; did you mean ";
    for (std::size_t i = 0; i < near.size(); ++i)
      message += (i ? (i + 1 == near.size() ? " or " : ", ") : "") + near[i];
    message += "?";
  } else {
    message += " (`neurite list` shows every plugin found)";
  }
  throw Error(message);
}

std::vector<const Plugin*> Registry::plugins(std::optional<Family> family) const {
  std::vector<const Plugin*> out;
  for (const auto& p : plugins_)
    if (!family || p.family() == *family) out.push_back(&p);
  return out;
}

std::pair<const Plugin*, Values> Registry::resolve(std::string_view text, Family family) const {
  const Spec spec = parse_spec(text);
  const Plugin& p = find(spec.name, family);
  return {&p, neurite::resolve(p.name(), p.entry->params, spec.args)};
}

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& cli_dirs) {
  std::vector<fs::path> dirs;
  for (const auto& d : cli_dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec))
      throw Error("--plugin-dir '" + d + "' is not a directory");
    dirs.emplace_back(d);
  }
  if (const char* env = std::getenv("NEURITE_PLUGIN_PATH")) {
    std::string_view rest(env);
    while (!rest.empty()) {
      auto colon = rest.find(':');
      auto item = rest.substr(0, colon);
      if (!item.empty()) dirs.emplace_back(item);
      if (colon == std::string_view::npos) break;
      rest.remove_prefix(colon + 1);
    }
  }
  dirs.push_back(boost::dll::program_location().parent_path().parent_path() / "lib" / "neurite" /
                 "plugins");
  return dirs;
}

std::vector<std::string> near_matches(std::string_view wanted,
                                      const std::vector<std::string>& known) {
  const auto a = normalize_name(wanted);
  auto distance = [&](const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diag = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    return row[b.size()];
  };
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const auto& name : known) {
    const auto b = normalize_name(name);
    const std::size_t d = distance(b);
    const bool contains = !a.empty() && (b.find(a) != std::string::npos || a.find(b) != std::string::npos);
    if (d <= std::max<std::size_t>(2, a.size() / 3) || contains) scored.emplace_back(d, name);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](auto& x, auto& y) { return x.first < y.first; });
  // Only the closest names: "reluu" suggests ReLU, not every name within reach.
  std::vector<std::string> out;
  for (auto& [d, name] : scored)
    if (d == scored.front().first && out.size() < 3 &&
        std::find(out.begin(), out.end(), name) == out.end())
      out.push_back(name);
  return out;
}

}  // namespace neurite
