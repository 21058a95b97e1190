# tests/lsp/tests.cmake - the language server's tests (included from tests/CMakeLists.txt).
# harness.py drives `perflint lsp` through whole sessions over stdio.
add_test(NAME lsp/session
  COMMAND ${PFL_PYTHON} "${CMAKE_CURRENT_SOURCE_DIR}/lsp/harness.py")
set_tests_properties(lsp/session PROPERTIES ENVIRONMENT "${PFL_TEST_ENV}" TIMEOUT 900)
