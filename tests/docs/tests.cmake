# The rule pages: required sections, and every example checked by running
# perflint on it (tests/docs/check_rule_examples.py). C examples include
# libpq's and GLib's headers, outside the default include path: their -I
# flags, for perflint and for the compile check.
execute_process(COMMAND pkg-config --cflags-only-I glib-2.0 libpq
  OUTPUT_VARIABLE PFL_DOCS_CFLAGS OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(PFL_DOCS_CFLAGS UNIX_COMMAND "${PFL_DOCS_CFLAGS}")
set(PFL_DOCS_ARGS)
foreach(flag IN LISTS PFL_DOCS_CFLAGS)
  list(APPEND PFL_DOCS_ARGS "--perflint-arg=${flag}" "--cflag=${flag}")
endforeach()
add_test(NAME docs/rule-examples
  COMMAND ${PFL_PYTHON} "${CMAKE_CURRENT_LIST_DIR}/check_rule_examples.py"
          --perflint $<TARGET_FILE:perflint> --source-dir "${CMAKE_SOURCE_DIR}" ${PFL_DOCS_ARGS})
set_tests_properties(docs/rule-examples PROPERTIES ENVIRONMENT "${PFL_TEST_ENV}" TIMEOUT 300)
