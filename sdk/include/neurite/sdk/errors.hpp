#pragma once
#include <stdexcept>
#include <string>

namespace neurite {

// Every error Neurite reports to a user: the message is one line that names what was wrong.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A parameter value that a plugin refuses; the message names the key and what would be valid.
class BadParameter : public Error {
 public:
  using Error::Error;
};

}  // namespace neurite
