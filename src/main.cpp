// anlink-doctor: the executable is the library plus this main().
#include <curl/curl.h>

#include <exception>
#include <iostream>

#include "cli/app.hpp"
#include "util/exit_status.hpp"
#include "util/std_streams.hpp"

int main(int argc, char** argv) {
  anlink::reserve_std_streams();  // before any file or socket is opened
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int status = anlink::to_int(anlink::ExitStatus::internal);
  try {
    status = anlink::run_cli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "anlink-doctor: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "anlink-doctor: internal error\n";
  }
  curl_global_cleanup();
  return status;
}
