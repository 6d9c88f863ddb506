# Install rules: the public headers, the core library, a CMake package
# (find_package(shabih 0.2) -> shabih::shabih) and shabih.pc. Tooling, the
# CLI's internals, tests and benchmarks are not part of the package.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS shabih EXPORT shabihTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/shabih DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/shabih/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/shabih)

set(SHABIH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/shabih)
install(EXPORT shabihTargets NAMESPACE shabih:: DESTINATION ${SHABIH_CMAKE_DIR})
if(BUILD_SHARED_LIBS)
  set(SHABIH_STATIC_DEPENDENCIES OFF)
else()
  set(SHABIH_STATIC_DEPENDENCIES ON)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/shabihConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/shabihConfig.cmake INSTALL_DESTINATION ${SHABIH_CMAKE_DIR})
# 0.x: a minor version may change the API, so 0.2 accepts 0.2.* only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/shabihConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/shabihConfig.cmake ${PROJECT_BINARY_DIR}/shabihConfigVersion.cmake
        DESTINATION ${SHABIH_CMAKE_DIR})

# pkg-config: a static library needs its private dependencies on the link
# line too, so they are public requirements unless the library is shared.
if(BUILD_SHARED_LIBS)
  set(SHABIH_PC_REQUIRES_PRIVATE "Requires.private: libxxhash simdjson zlib libzstd icu-uc icu-i18n absl_flat_hash_map absl_synchronization libhwy")
  set(SHABIH_PC_REQUIRES_EXTRA "")
  set(SHABIH_PC_LIBS_PRIVATE "Libs.private: -pthread -lmodest")
  set(SHABIH_PC_LIBS_EXTRA "")
else()
  set(SHABIH_PC_REQUIRES_PRIVATE "")
  set(SHABIH_PC_REQUIRES_EXTRA " libxxhash simdjson zlib libzstd icu-uc icu-i18n absl_flat_hash_map absl_synchronization libhwy")
  set(SHABIH_PC_LIBS_PRIVATE "")
  set(SHABIH_PC_LIBS_EXTRA " -pthread -lmodest")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(SHABIH_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")  # a libdir outside the prefix: not relocatable
else()
  file(RELATIVE_PATH SHABIH_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  set(SHABIH_PC_PREFIX "\${pcfiledir}/${SHABIH_PC_TO_PREFIX}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/shabih.pc.in ${PROJECT_BINARY_DIR}/shabih.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/shabih.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
