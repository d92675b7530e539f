#pragma once
#include <string>
#include <vector>

// One function per `neurite` command; each takes the arguments after the command's name.
namespace neurite::commands {
using Args = std::vector<std::string>;
int list(const Args& args);
int info(const Args& args);
int optimize(const Args& args);
int check(const Args& args);
int train(const Args& args);
int compare(const Args& args);
int eval(const Args& args);
int bench(const Args& args);
int plot(const Args& args);
int apply(const Args& args);
}  // namespace neurite::commands
