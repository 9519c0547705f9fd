# cmake --install and cpack: the programs, the demo, the desktop integration, man pages, the
# Python package (python/CMakeLists.txt) and the engine as a CMake package. Components:
# runtime (programs and share/), python, dev (static libraries, headers, CMake package).
include(CMakePackageConfigHelpers)

install(TARGETS augstudio-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
if(TARGET augstudio)
    install(TARGETS augstudio RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
endif()
# The studio looks for its demo in ../share/augstudio/demo beside its own folder; in the
# build tree that folder links to the sources so build/app/augstudio finds it the same way.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/demo/
    DESTINATION ${CMAKE_INSTALL_DATADIR}/augstudio/demo COMPONENT runtime
    PATTERN "generate*.py" EXCLUDE PATTERN "__pycache__" EXCLUDE)
file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/share/augstudio)
file(CREATE_LINK ${PROJECT_SOURCE_DIR}/resources/demo ${PROJECT_BINARY_DIR}/share/augstudio/demo
    SYMBOLIC)
install(FILES ${PROJECT_SOURCE_DIR}/resources/augstudio.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/augstudio.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT runtime)
configure_file(${PROJECT_SOURCE_DIR}/resources/io.github.augstudio.metainfo.xml
    ${PROJECT_BINARY_DIR}/share/metainfo/io.github.augstudio.metainfo.xml @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/share/metainfo/io.github.augstudio.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT runtime)
# Man pages, gzipped as Debian installs them (-n: no time stamp, so the bytes do not change).
find_program(GZIP_PROGRAM gzip REQUIRED)
foreach(page augstudio augstudio-cli)
    configure_file(${PROJECT_SOURCE_DIR}/resources/man/${page}.1
        ${PROJECT_BINARY_DIR}/share/man/man1/${page}.1 @ONLY)
    execute_process(COMMAND ${GZIP_PROGRAM} -9nf ${PROJECT_BINARY_DIR}/share/man/man1/${page}.1
        COMMAND_ERROR_IS_FATAL ANY)
    install(FILES ${PROJECT_BINARY_DIR}/share/man/man1/${page}.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
endforeach()

install(EXPORT augstudioTargets NAMESPACE augstudio::
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/augstudio COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/augstudioConfig.cmake.in
    ${PROJECT_BINARY_DIR}/cmake/augstudioConfig.cmake
    INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/augstudio)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/augstudioConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/augstudioConfig.cmake
    ${PROJECT_BINARY_DIR}/cmake/augstudioConfigVersion.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/augstudio COMPONENT dev)

# cpack -G DEB: one package, augstudio_<version>_amd64.deb, dependencies from dpkg-shlibdeps
# plus what is loaded without being linked (numpy for the module, WordNet's database).
set(CPACK_PACKAGE_NAME augstudio)
set(CPACK_PACKAGE_VENDOR "Augmentation Studio")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "data augmentation studio and engine for machine learning")
set(CPACK_PACKAGE_DESCRIPTION
    "Augmentation Studio builds data augmentation pipelines for images, audio,
time series and text with live previews, and exports augmented datasets.
The package holds the studio, the augstudio-cli command line, the Python
module and the C++ engine with its CMake package.")
# Who answers for the package: set it when building packages for distribution.
set(CPACK_PACKAGE_CONTACT "Augmentation Studio maintainers <augstudio@localhost>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_INSTALL_DIRECTORY augstudio)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, python3-numpy, wordnet-base")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3-torch")
# Debian's policy files: the copyright statement and the (native) changelog, gzipped
# without a time stamp. Kept in resources/package so the package is built from the sources.
configure_file(${PROJECT_SOURCE_DIR}/resources/package/changelog.in
    ${PROJECT_BINARY_DIR}/share/doc/augstudio/changelog @ONLY)
execute_process(COMMAND ${GZIP_PROGRAM} -9nf ${PROJECT_BINARY_DIR}/share/doc/augstudio/changelog
    COMMAND_ERROR_IS_FATAL ANY)
install(FILES ${PROJECT_SOURCE_DIR}/resources/package/copyright
    ${PROJECT_BINARY_DIR}/share/doc/augstudio/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/augstudio COMPONENT runtime)

include(CPack)
