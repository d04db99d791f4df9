# Builds and runs the consumer project against activ, as a user would:
#   MODE=install       install ACTIV_BINARY_DIR into a private prefix, then find_package(activ)
#   MODE=subdirectory  add_subdirectory(ACTIV_SOURCE_DIR)
# Usage: cmake -DMODE=... -DWORK_DIR=... -DACTIV_SOURCE_DIR=... [-DACTIV_BINARY_DIR=...]
#              [-DACTIV_VERSION=...] [-DGENERATOR=...] [-DMAKE_PROGRAM=...] [-DCXX_COMPILER=...]
#              [-DCXX_FLAGS=...] [-DEXE_LINKER_FLAGS=...] [-DBUILD_TYPE=...] [-DCTEST_COMMAND=...]
#              -P run_package_test.cmake
cmake_minimum_required(VERSION 3.14)

foreach(var IN ITEMS MODE WORK_DIR ACTIV_SOURCE_DIR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run_package_test.cmake: ${var} is required")
    endif()
endforeach()
if(NOT DEFINED CTEST_COMMAND)
    get_filename_component(cmake_bin_dir "${CMAKE_COMMAND}" DIRECTORY)
    set(CTEST_COMMAND "${cmake_bin_dir}/ctest")
endif()

function(run_step what)
    message(STATUS "package test (${MODE}): ${what}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "package test (${MODE}): ${what} failed (${result})")
    endif()
endfunction()

# Start from nothing so that a stale install or cache cannot make the test pass.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
set(build_dir "${WORK_DIR}/build")

set(configure_args)
if(GENERATOR)
    list(APPEND configure_args -G "${GENERATOR}")
endif()
foreach(pair IN ITEMS
        "CMAKE_MAKE_PROGRAM=MAKE_PROGRAM"
        "CMAKE_CXX_COMPILER=CXX_COMPILER"
        "CMAKE_CXX_FLAGS=CXX_FLAGS"
        "CMAKE_EXE_LINKER_FLAGS=EXE_LINKER_FLAGS"
        "CMAKE_BUILD_TYPE=BUILD_TYPE"
        "ACTIV_EXPECTED_VERSION=ACTIV_VERSION")
    string(REPLACE "=" ";" pair "${pair}")
    list(GET pair 0 cache_var)
    list(GET pair 1 script_var)
    if(NOT "${${script_var}}" STREQUAL "")
        list(APPEND configure_args "-D${cache_var}=${${script_var}}")
    endif()
endforeach()

set(config_args)
if(BUILD_TYPE)
    set(config_args --config "${BUILD_TYPE}")
endif()

if(MODE STREQUAL "install")
    if(NOT DEFINED ACTIV_BINARY_DIR)
        message(FATAL_ERROR "run_package_test.cmake: MODE=install needs ACTIV_BINARY_DIR")
    endif()
    run_step("install activ into ${prefix}"
             "${CMAKE_COMMAND}" --install "${ACTIV_BINARY_DIR}" --prefix "${prefix}" ${config_args})
    set(consumer_dir "${ACTIV_SOURCE_DIR}/tests/package")
    list(APPEND configure_args
         "-DCMAKE_PREFIX_PATH=${prefix}"
         "-DACTIV_EXPECTED_PREFIX=${prefix}")
elseif(MODE STREQUAL "subdirectory")
    set(consumer_dir "${ACTIV_SOURCE_DIR}/tests/package/subdir")
    list(APPEND configure_args "-DACTIV_SOURCE_DIR=${ACTIV_SOURCE_DIR}")
else()
    message(FATAL_ERROR "run_package_test.cmake: unknown MODE '${MODE}'")
endif()

run_step("configure the consumer"
         "${CMAKE_COMMAND}" -S "${consumer_dir}" -B "${build_dir}" ${configure_args})
run_step("build the consumer" "${CMAKE_COMMAND}" --build "${build_dir}" ${config_args})
if(BUILD_TYPE)
    set(ctest_config -C "${BUILD_TYPE}")
endif()
run_step("run the consumer"
         "${CTEST_COMMAND}" --output-on-failure --no-tests=error ${ctest_config}
         WORKING_DIRECTORY "${build_dir}")
