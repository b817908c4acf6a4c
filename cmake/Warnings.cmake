# Every target links anlink_warnings: one place for warnings and sanitizers.
add_library(anlink_warnings INTERFACE)
target_compile_options(anlink_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(ANLINK_WERROR)
  target_compile_options(anlink_warnings INTERFACE -Werror)
endif()
if(ANLINK_SANITIZE)
  target_compile_options(anlink_warnings INTERFACE
    -fsanitize=${ANLINK_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(anlink_warnings INTERFACE -fsanitize=${ANLINK_SANITIZE})
endif()
if(ANLINK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ANLINK_FUZZ needs clang (the fuzz preset sets it)")
  endif()
  target_compile_options(anlink_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
