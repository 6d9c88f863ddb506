// Status propagation helpers. Abseil 20220623 (Debian 12) ships no
// ABSL_RETURN_IF_ERROR, so the engine defines its own once, here.
#ifndef SHABIH_ENGINE_INTERNAL_STATUS_MACROS_H_
#define SHABIH_ENGINE_INTERNAL_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SHABIH_RETURN_IF_ERROR(expr)                  \
  do {                                                \
    ::absl::Status shabih_status_ = (expr);           \
    if (!shabih_status_.ok()) return shabih_status_;  \
  } while (0)

#define SHABIH_STATUS_CONCAT_INNER_(a, b) a##b
#define SHABIH_STATUS_CONCAT_(a, b) SHABIH_STATUS_CONCAT_INNER_(a, b)

#define SHABIH_ASSIGN_OR_RETURN(lhs, expr) \
  SHABIH_ASSIGN_OR_RETURN_IMPL_(SHABIH_STATUS_CONCAT_(shabih_statusor_, __LINE__), lhs, expr)

#define SHABIH_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // SHABIH_ENGINE_INTERNAL_STATUS_MACROS_H_
