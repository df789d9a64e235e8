# System dependencies, all from Debian packages (packaging/setup.sh installs them).
# No third-party source lives in this tree.
find_package(Threads REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
if(K1S_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()

# yaml-cpp 0.7's package config names its target "yaml-cpp" without a namespace.
if(TARGET yaml-cpp AND NOT TARGET yaml-cpp::yaml-cpp)
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
