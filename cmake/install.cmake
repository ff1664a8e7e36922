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
# The service's systemd unit (docs/deploy.md), installed disabled; under /usr it is where
# Debian 12's systemd reads units (/usr/lib/systemd/system, the same folder as /lib's). A
# component of its own: the container image (`--component runtime`) has no systemd.
install(FILES ${PROJECT_SOURCE_DIR}/resources/systemd/handout.service DESTINATION lib/systemd/system
        COMPONENT service)
# Debian's copyright file (what the package holds under which licence) and changelog, where
# every package keeps them (with the guides and the LICENSE below).
install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR}
        COMPONENT documentation)
execute_process(COMMAND gzip -9 -n -c ${PROJECT_SOURCE_DIR}/resources/debian/changelog
                OUTPUT_FILE ${PROJECT_BINARY_DIR}/changelog.gz RESULT_VARIABLE gzip_rc)
if(NOT gzip_rc EQUAL 0)
  message(FATAL_ERROR "handout: gzip could not compress resources/debian/changelog")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/debian/changelog)
install(FILES ${PROJECT_BINARY_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT documentation)
install(FILES ${PROJECT_SOURCE_DIR}/docs/authoring.md ${PROJECT_SOURCE_DIR}/docs/batch.md
              ${PROJECT_SOURCE_DIR}/docs/deploy.md ${PROJECT_SOURCE_DIR}/docs/reference.md
              ${PROJECT_SOURCE_DIR}/docs/commands.md ${PROJECT_SOURCE_DIR}/docs/typesetting.md
              ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE
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

# Debian packages (cpack -G DEB in the build folder), installed under /usr, as Debian splits a
# program with a library:
# - handout: the command, the server program and its systemd unit, the data, the manual page,
#   the completion and the guides (components runtime, service, documentation);
# - libhandout0: the engine as a shared library (component library), depending on handout for
#   its data;
# - libhandout-dev: its header, CMake package, pkg-config file and the .so link (development),
#   depending on libhandout0 of the same version.
# Each depends on Debian 12's runtime libraries (dpkg-shlibdeps reads the binaries) and has its
# copyright file and changelog; lintian finds nothing in them but what
# resources/debian/lintian-overrides explains (tests/install/deb_check.sh).
foreach(package libhandout0 libhandout-dev)
  if(package STREQUAL "libhandout0")
    set(component library)
  else()
    set(component development)
  endif()
  install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/copyright ${PROJECT_BINARY_DIR}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${package} COMPONENT ${component})
  install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/${package}.lintian-overrides
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME ${package} COMPONENT ${component})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/lintian/overrides RENAME handout COMPONENT service)
set(CPACK_PACKAGE_NAME handout)
set(CPACK_PACKAGE_VENDOR "handout")
# Whoever builds the packages for a clinic names themselves: -DHANDOUT_DEB_MAINTAINER="...".
set(HANDOUT_DEB_MAINTAINER "handout maintainers <maintainers@handout.example.org>" CACHE STRING
    "The Maintainer field of the Debian packages")
set(CPACK_PACKAGE_CONTACT "${HANDOUT_DEB_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/handout")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)
set(CPACK_COMPONENTS_ALL runtime service documentation library development)
set(CPACK_COMPONENT_RUNTIME_GROUP program)
set(CPACK_COMPONENT_SERVICE_GROUP program)
set(CPACK_COMPONENT_DOCUMENTATION_GROUP program)
set(CPACK_COMPONENT_LIBRARY_GROUP library)
set(CPACK_COMPONENT_DEVELOPMENT_GROUP development)
# ICU, libunistring, libjpeg and libqrencode (src/core/shared_library.h), and libharu,
# hb-subset, libdeflate, libunibreak and libhyphen (src/core/lazy_library.h) are opened at run
# time (dlopen), so dpkg-shlibdeps cannot see them: the packages of the files handout was
# built against, for the program and for the library.
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
# Descriptions: the first line is the synopsis; the others at most 79 columns with the space
# CPack puts before each.
set(CPACK_DEBIAN_PROGRAM_PACKAGE_NAME handout)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_DEPENDS "${HANDOUT_DLOPEN_DEPENDS}")
set(CPACK_DEBIAN_PROGRAM_DESCRIPTION "typesets patient handouts (JSON) into print-ready PDF
handout turns a structured article (JSON) and a layout (JSON) into print-ready
PDF patient handouts and brochures, in English and Arabic, one language at a
time or both together: shaped right-to-left Arabic, hyphenated and justified
text, mirrored layouts, pictures, QR codes, clinic branding, booklets and
tri-folds. Its PDFs are tagged (PDF/UA-1) and archival (PDF/A-2).
.
This package holds the handout command (render, batch, validate, watch,
import, serve), its HTTP service with a systemd unit (installed disabled),
the bundled fonts, layouts, schemas and sample articles, and the guides.")
# The maintainer scripts tell systemd of the service's unit (resources/debian).
set(CPACK_DEBIAN_PROGRAM_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/resources/debian/postinst
    ${PROJECT_SOURCE_DIR}/resources/debian/prerm ${PROJECT_SOURCE_DIR}/resources/debian/postrm)
set(CPACK_DEBIAN_PROGRAM_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_NAME libhandout0)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_SECTION libs)
# The library reads the fonts, layouts and hyphenation patterns the handout package installs
# in /usr/share/handout (share/handout beside it).
set(CPACK_DEBIAN_LIBRARY_PACKAGE_DEPENDS "${HANDOUT_DLOPEN_DEPENDS}, handout (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_LIBRARY_DESCRIPTION "patient handouts (JSON) to print-ready PDF - library
The engine of handout (a typesetter of English and Arabic patient handouts and
brochures into tagged, archival PDF) as a C++ library: one Typesetter shared by
threads renders articles and layouts given as JSON text to PDF bytes, with
located diagnostics. It reads the fonts, layouts and hyphenation patterns the
handout package installs, or those of a folder the caller names.")
# The library's shlibs file and its ldconfig trigger (CPack also adds scripts that call
# ldconfig: resources/debian/lintian-overrides).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/resources/debian/triggers)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libhandout-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS "libhandout0 (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION "patient handouts (JSON) to print-ready PDF - development files
The header (handout/handout.h), the CMake package (find_package(handout)
gives handout::engine) and the pkg-config file of libhandout0, the engine of
handout as a C++ library.")
include(CPack)
