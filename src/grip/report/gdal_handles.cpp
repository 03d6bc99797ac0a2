#include "grip/report/gdal_handles.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <mutex>

namespace grip::report {
namespace {
void CPL_STDCALL collect(CPLErr level, CPLErrorNum /*number*/, const char* message) {
  auto* messages = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
  if (messages == nullptr || level == CE_None || level == CE_Debug) return;
  messages->add(level != CE_Warning, message);
}
}  // namespace

void register_gdal_drivers() {
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
}

GdalMessages::GdalMessages() { CPLPushErrorHandlerEx(collect, this); }

GdalMessages::~GdalMessages() { CPLPopErrorHandler(); }

void GdalMessages::add(bool is_error, const char* message) {
  (is_error ? errors_ : warnings_).emplace_back(message == nullptr ? "" : message);
}

std::string GdalMessages::error_text(const std::string& fallback) const {
  if (errors_.empty()) return fallback;
  std::string text;
  for (const auto& error : errors_) {
    if (!text.empty()) text += "; ";
    text += error;
  }
  return text;
}

void GdalMessages::clear() noexcept {
  errors_.clear();
  warnings_.clear();
}

}  // namespace grip::report
