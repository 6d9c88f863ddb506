# Extracts the example that opens each public header (the first run of
# comment lines indented by three spaces, "//   code") and writes them as
# functions into one C++ file, so that building the tests compiles every
# example: a header whose example no longer compiles breaks the build.
#   cmake -DHEADERS="a.h,b.h" -DOUT=file.cc -P header_examples.cmake
string(REPLACE "," ";" HEADERS "${HEADERS}")
set(out "// Generated from the opening examples of include/shabih/*.h.\n")
string(APPEND out "#pragma GCC diagnostic ignored \"-Wunused-variable\"\n")
string(APPEND out "#pragma GCC diagnostic ignored \"-Wunused-but-set-variable\"\n")
string(APPEND out "#pragma GCC diagnostic ignored \"-Wunused-result\"\n")
foreach(header IN LISTS HEADERS)
  get_filename_component(name "${header}" NAME_WE)
  file(STRINGS "${header}" lines ENCODING UTF-8)
  set(code "")
  set(state "before")  # before -> in (example lines) -> done
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^//")
      break()  # the opening comment ends at the first non-comment line
    endif()
    if(line MATCHES "^//   (.*)$")
      if(state STREQUAL "before" OR state STREQUAL "in")
        string(APPEND code "  ${CMAKE_MATCH_1}\n")
        set(state "in")
      endif()
    elseif(state STREQUAL "in")
      set(state "done")
    endif()
  endforeach()
  if(code STREQUAL "")
    message(FATAL_ERROR "${header}: no opening example (lines of '//   code')")
  endif()
  string(APPEND out "\n#include \"shabih/${name}.h\"\n")
  string(APPEND out "namespace header_example_${name} {\n[[maybe_unused]] void Run() {\n${code}}\n}  // namespace header_example_${name}\n")
endforeach()
file(WRITE "${OUT}.tmp" "${out}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
