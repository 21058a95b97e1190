# Editor integrations (editors/), included from tests/CMakeLists.txt: every
# tests/editors/*.sh except lib.sh is a CTest test named editors/NAME
# (ctest -R editors runs them all).
file(GLOB PFL_EDITOR_TESTS CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/editors/*.sh")
list(FILTER PFL_EDITOR_TESTS EXCLUDE REGEX "/lib\\.sh$")
foreach(script IN LISTS PFL_EDITOR_TESTS)
  get_filename_component(name "${script}" NAME_WE)
  add_test(NAME editors/${name} COMMAND bash "${script}")
  set_tests_properties(editors/${name} PROPERTIES ENVIRONMENT "${PFL_TEST_ENV}" TIMEOUT 300)
endforeach()
