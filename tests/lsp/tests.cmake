# tests/lsp/tests.cmake - the language server's tests (included from tests/CMakeLists.txt).
# harness.py drives `perflint lsp` through whole sessions over stdio.
add_test(NAME lsp/session
  COMMAND ${PFL_PYTHON} "${CMAKE_CURRENT_SOURCE_DIR}/lsp/harness.py")
set_tests_properties(lsp/session PROPERTIES ENVIRONMENT "${PFL_TEST_ENV}" TIMEOUT 900)

# Unit tests of the parts that need no client (positions, URIs, framing, quick-fix edits).
add_executable(test_lsp "${CMAKE_CURRENT_SOURCE_DIR}/lsp/test_lsp.c")
target_compile_options(test_lsp PRIVATE ${PFL_WARNINGS})
target_link_libraries(test_lsp PRIVATE pfl_core PkgConfig::CMOCKA)
add_test(NAME lsp/unit COMMAND test_lsp)
set_tests_properties(lsp/unit PROPERTIES ENVIRONMENT "${PFL_TEST_ENV}")
