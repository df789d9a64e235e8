# Build settings shared by every k1s target, carried by an INTERFACE target so
# that they belong to targets rather than to global flags.
add_library(k1s_options INTERFACE)
add_library(k1s::options ALIAS k1s_options)

target_compile_options(k1s_options INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(K1S_WERROR)
  target_compile_options(k1s_options INTERFACE -Werror)
endif()

if(K1S_SANITIZE_ADDRESS)
  target_compile_options(k1s_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(k1s_options INTERFACE -fsanitize=address,undefined)
endif()
if(K1S_SANITIZE_THREAD)
  # -Wno-tsan: g++ 12 warns that TSan does not model the atomic_thread_fence
  # inside Asio, which every user of Asio would otherwise trip over.
  target_compile_options(k1s_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer -Wno-tsan)
  target_link_options(k1s_options INTERFACE -fsanitize=thread)
endif()

# k1s_add_library(NAME SOURCES... [DEPS ...]) declares the library target for one
# component directory under pkg/, named k1s_<NAME> with alias k1s::<NAME>.
function(k1s_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(k1s_${name} STATIC ${ARG_SOURCES})
  add_library(k1s::${name} ALIAS k1s_${name})
  target_include_directories(k1s_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(k1s_${name} PUBLIC k1s::options ${ARG_DEPS})
endfunction()
