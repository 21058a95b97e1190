# Fuzz harnesses (tests/fuzz/fuzz_*.c; tests/fuzz/fuzz.h says how they work).
#
# In every tree each harness is linked with standalone.c into
# fuzz_NAME_replay, and the test fuzz/NAME-replay runs it over its seeds and
# its saved regressions (tests/fuzz/regressions/NAME/): cheap, and under the
# sanitizers in build-asan. With -DPFL_FUZZ=ON (clang only; scripts/fuzz.sh
# makes such a tree) each is also linked with libFuzzer into fuzz_NAME, and
# the test fuzz/NAME-smoke fuzzes it for PFL_FUZZ_SECONDS (default 60).

set(PFL_FUZZ_DIR "${CMAKE_CURRENT_SOURCE_DIR}/fuzz")
set(PFL_FUZZ_SECONDS 60 CACHE STRING "Seconds each fuzz/NAME-smoke test fuzzes")

# Seeds of each harness: directories and files of the repository.
set(PFL_FUZZ_SEEDS_python "${CMAKE_SOURCE_DIR}/corpus/python")
set(PFL_FUZZ_SEEDS_c "${CMAKE_SOURCE_DIR}/corpus/c")
set(PFL_FUZZ_SEEDS_suppress "${CMAKE_SOURCE_DIR}/corpus/python" "${CMAKE_SOURCE_DIR}/corpus/c")
set(PFL_FUZZ_SEEDS_config "${PFL_FUZZ_DIR}/seeds/config" "${CMAKE_SOURCE_DIR}/rules/kb")
set(PFL_FUZZ_SEEDS_baseline "${PFL_FUZZ_DIR}/seeds/baseline")
set(PFL_FUZZ_SEEDS_report "${PFL_FUZZ_DIR}/seeds/report")
set(PFL_FUZZ_SEEDS_lsp "${PFL_FUZZ_DIR}/seeds/lsp")

file(GLOB PFL_FUZZ_HARNESSES CONFIGURE_DEPENDS "${PFL_FUZZ_DIR}/fuzz_*.c")
foreach(src IN LISTS PFL_FUZZ_HARNESSES)
  get_filename_component(stem "${src}" NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" name "${stem}")
  set(seeds ${PFL_FUZZ_SEEDS_${name}})
  set(regressions "${PFL_FUZZ_DIR}/regressions/${name}")
  set(inputs)
  foreach(dir IN LISTS seeds regressions)
    if(EXISTS "${dir}")
      list(APPEND inputs "${dir}")
    endif()
  endforeach()

  add_executable(${stem}_replay "${src}" "${PFL_FUZZ_DIR}/standalone.c")
  target_include_directories(${stem}_replay PRIVATE "${PFL_FUZZ_DIR}")
  target_compile_options(${stem}_replay PRIVATE ${PFL_WARNINGS})
  target_link_libraries(${stem}_replay PRIVATE pfl_core)
  add_test(NAME fuzz/${name}-replay COMMAND ${stem}_replay ${inputs})
  set_tests_properties(fuzz/${name}-replay PROPERTIES ENVIRONMENT "${PFL_TEST_ENV}" TIMEOUT 600)

  if(PFL_FUZZ)
    add_executable(${stem} "${src}")
    target_include_directories(${stem} PRIVATE "${PFL_FUZZ_DIR}")
    target_compile_options(${stem} PRIVATE ${PFL_WARNINGS})
    target_link_libraries(${stem} PRIVATE pfl_core)
    target_link_options(${stem} PRIVATE -fsanitize=fuzzer)
    set(work "${CMAKE_BINARY_DIR}/fuzz-work/${name}")
    add_test(NAME fuzz/${name}-smoke
      COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=detect_leaks=1"
              "LSAN_OPTIONS=suppressions=${CMAKE_CURRENT_SOURCE_DIR}/lsan.supp:print_suppressions=0"
              sh -c "rm -rf '${work}' && mkdir -p '${work}/corpus' '${work}/crashes' && exec \"$0\" \"$@\""
              $<TARGET_FILE:${stem}> -max_total_time=${PFL_FUZZ_SECONDS} -timeout=20 -rss_limit_mb=4096
              -max_len=65536 -print_final_stats=1 "-artifact_prefix=${work}/crashes/" "${work}/corpus" ${inputs})
    set_tests_properties(fuzz/${name}-smoke PROPERTIES TIMEOUT 900)
  endif()
endforeach()
