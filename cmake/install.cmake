# `cmake --install build --prefix P`: the command (and its server program in
# P/libexec/handout), the public library and header, the CMake
# package (find_package(handout CONFIG) -> handout::engine), handout.pc, and the data under
# P/share/handout (fonts with their licence, layouts with hyphenation patterns and the
# schema, the sample content and its schema). CPack makes a .deb of the same files.
include(CMakePackageConfigHelpers)

install(TARGETS handout RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(TARGETS handout_serve RUNTIME DESTINATION ${HANDOUT_SERVE_DIR} COMPONENT runtime)
# The shared library is a component of its own: the program does not load it (it links the
# engine statically), so the container image (`--component runtime`, Dockerfile) leaves it out.
install(TARGETS handout_library EXPORT handoutTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library NAMELINK_COMPONENT development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT library)
install(FILES ${PROJECT_SOURCE_DIR}/include/handout/handout.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/handout COMPONENT development)
foreach(folder ${HANDOUT_DATA_FOLDERS})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder} DESTINATION ${CMAKE_INSTALL_DATADIR}/handout
          COMPONENT runtime)
endforeach()
# The manual page and bash completion the build made (CMakeLists.txt), and the guides (the
# manual page's SEE ALSO) with the licence, where Debian keeps a package's documentation (a
# component of their own: the container image, which installs `runtime`, has no use for them).
install(FILES ${PROJECT_BINARY_DIR}/share/man/man1/handout.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        COMPONENT runtime)
install(FILES ${PROJECT_BINARY_DIR}/share/bash-completion/completions/handout
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/docs/authoring.md ${PROJECT_SOURCE_DIR}/docs/batch.md
              ${PROJECT_SOURCE_DIR}/docs/deploy.md ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT documentation)

set(HANDOUT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/handout)
install(EXPORT handoutTargets NAMESPACE handout:: DESTINATION ${HANDOUT_CMAKE_DIR} COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/handoutConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/handoutConfig.cmake INSTALL_DESTINATION ${HANDOUT_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/handoutConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/handoutConfig.cmake ${PROJECT_BINARY_DIR}/handoutConfigVersion.cmake
        DESTINATION ${HANDOUT_CMAKE_DIR} COMPONENT development)

# pkg-config: paths relative to the .pc file's prefix, so a moved prefix still works.
file(RELATIVE_PATH HANDOUT_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/handout.pc.in ${PROJECT_BINARY_DIR}/handout.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/handout.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT development)

# A Debian package (cpack -G DEB in the build folder): everything above, installed under /usr,
# depending on Debian 12's runtime libraries (found by dpkg-shlibdeps from the binaries).
set(CPACK_PACKAGE_NAME handout)
set(CPACK_PACKAGE_VENDOR "handout")
set(CPACK_PACKAGE_CONTACT "handout maintainers <handout@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "typesets patient handouts (JSON) into print-ready PDF, English and Arabic")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# ICU, libunistring, libjpeg and libqrencode (src/core/shared_library.h), and libharu,
# hb-subset, libdeflate, libunibreak and libhyphen (src/core/lazy_library.h) are opened at run
# time (dlopen), so dpkg-shlibdeps cannot see them: the packages of the files handout was
# built against.
set(HANDOUT_DLOPEN_DEPENDS "libicu${HANDOUT_ICU_MAJOR}")
foreach(lib "${UNISTRING_LIBRARY}" "${JPEG_LIBRARIES}" "${QRENCODE_LINK_LIBRARIES}" "${HPDF_LIBRARY}"
            "${HBSUBSET_LINK_LIBRARIES}" "${DEFLATE_LINK_LIBRARIES}" "${UNIBREAK_LINK_LIBRARIES}" "${HYPHEN_LIBRARY}")
  list(GET lib 0 lib)
  get_filename_component(real "${lib}" REALPATH)
  execute_process(COMMAND dpkg-query -S "${real}" OUTPUT_VARIABLE owner ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND owner MATCHES "^([^:, ]+)")
    string(APPEND HANDOUT_DLOPEN_DEPENDS ", ${CMAKE_MATCH_1}")
  else()
    message(STATUS "handout: no Debian package owns ${real}; the .deb will not depend on it")
  endif()
endforeach()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${HANDOUT_DLOPEN_DEPENDS}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/handout")
set(CPACK_STRIP_FILES ON)
include(CPack)
