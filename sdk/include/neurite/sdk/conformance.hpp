#pragma once
// The conformance checks of one plugin, loaded alone: its family's checks (gradients, precision,
// extremes, shapes, state) plus the checks every plugin must pass (metadata, parameter refusals).
// `neurite check` prints their reports; plugin authors call them from their own tests.
#include <neurite/sdk/conformance/activation.hpp>
#include <neurite/sdk/conformance/loss.hpp>
#include <neurite/sdk/conformance/metadata.hpp>
#include <neurite/sdk/conformance/optimizer.hpp>

namespace neurite::conformance {

inline Report check(const Entry& entry) {
  Report report(std::string(entry.meta.name));
  check_metadata(entry, report);
  if (!report.ok()) return report;
  switch (entry.meta.family) {
    case Family::activation: check_activation(entry, report); break;
    case Family::loss: check_loss(entry, report); break;
    case Family::optimizer: check_optimizer(entry, report); break;
  }
  return report;
}

}  // namespace neurite::conformance
