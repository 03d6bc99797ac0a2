# Inlines the map library of Grip's HTML reports (Leaflet, pinned in web/package-lock.json) into the
# grip_report library, so a report is one self-contained file that opens offline. At configure time the
# pinned packages are installed with `npm ci` into <build>/web when they are not there yet (or the
# lock file changed); at build time generate_web_assets.cmake turns leaflet.js, leaflet.css and
# Leaflet's licence into byte arrays in a generated C++ source added to grip_report.
# Without npm, or when the install fails, the build still succeeds: grip_report is built without
# GRIP_HAVE_LEAFLET and reports fall back to an inline SVG map (grip::report::leaflet_available()).
#
# Include after the grip_report target exists:   include(cmake/embed_web_assets.cmake)
# Sets: GRIP_LEAFLET_AVAILABLE (ON/OFF), GRIP_LEAFLET_VERSION ("1.9.4" or ""). Option: GRIP_EMBED_LEAFLET.

option(GRIP_EMBED_LEAFLET "Inline Leaflet (npm, web/package-lock.json) into HTML reports" ON)

function(grip_embed_web_assets)
  set(web_source ${PROJECT_SOURCE_DIR}/web)
  set(web_build ${PROJECT_BINARY_DIR}/web)
  set(leaflet_dir ${web_build}/node_modules/leaflet)
  set(available OFF)
  set(version "")
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${web_source}/package.json ${web_source}/package-lock.json)

  if(GRIP_EMBED_LEAFLET)
    # Install only when node_modules is missing or was installed from another lock file.
    set(installed_lock ${web_build}/package-lock.json)
    set(need_install ON)
    if(EXISTS ${leaflet_dir}/dist/leaflet.js AND EXISTS ${installed_lock})
      file(SHA256 ${web_source}/package-lock.json wanted_hash)
      file(SHA256 ${installed_lock} installed_hash)
      if(wanted_hash STREQUAL installed_hash)
        set(need_install OFF)
      endif()
    endif()
    if(need_install)
      find_program(GRIP_NPM_EXECUTABLE npm)
      if(GRIP_NPM_EXECUTABLE)
        file(MAKE_DIRECTORY ${web_build})
        file(COPY ${web_source}/package.json ${web_source}/package-lock.json DESTINATION ${web_build})
        message(STATUS "Grip: installing web assets with npm ci (web/package-lock.json)")
        execute_process(
          COMMAND ${GRIP_NPM_EXECUTABLE} ci --no-audit --no-fund --ignore-scripts --loglevel=error
          WORKING_DIRECTORY ${web_build}
          RESULT_VARIABLE npm_result OUTPUT_VARIABLE npm_output ERROR_VARIABLE npm_output
          TIMEOUT 300)
        if(NOT npm_result EQUAL 0)
          message(WARNING "Grip: npm ci failed (${npm_result}); HTML reports will use the SVG map.\n${npm_output}")
          file(REMOVE ${installed_lock})
        endif()
      else()
        message(WARNING "Grip: npm not found; HTML reports will use the SVG map (install the Debian package npm)")
      endif()
    endif()

    if(EXISTS ${leaflet_dir}/dist/leaflet.js AND EXISTS ${leaflet_dir}/dist/leaflet.css)
      file(READ ${leaflet_dir}/package.json leaflet_package)
      string(JSON version GET ${leaflet_package} version)
      set(generated ${PROJECT_BINARY_DIR}/generated/grip/report/leaflet_assets.cpp)
      set(generator ${PROJECT_SOURCE_DIR}/cmake/generate_web_assets.cmake)
      add_custom_command(
        OUTPUT ${generated}
        COMMAND ${CMAKE_COMMAND} -DLEAFLET_DIR=${leaflet_dir} -DLEAFLET_VERSION=${version}
                -DOUTPUT=${generated} -P ${generator}
        DEPENDS ${leaflet_dir}/dist/leaflet.js ${leaflet_dir}/dist/leaflet.css ${generator}
        COMMENT "Embedding Leaflet ${version} into grip_report"
        VERBATIM)
      target_sources(grip_report PRIVATE ${generated})
      target_compile_definitions(grip_report PRIVATE GRIP_HAVE_LEAFLET=1)
      set(available ON)
      message(STATUS "Grip: HTML reports embed Leaflet ${version}")
    endif()
  else()
    message(STATUS "Grip: GRIP_EMBED_LEAFLET is OFF; HTML reports will use the SVG map")
  endif()

  set(GRIP_LEAFLET_AVAILABLE ${available} PARENT_SCOPE)
  set(GRIP_LEAFLET_VERSION "${version}" PARENT_SCOPE)
endfunction()

if(TARGET grip_report)
  grip_embed_web_assets()
else()
  # Included before the library target exists (e.g. through CMAKE_PROJECT_INCLUDE): run once the
  # top-level CMakeLists.txt has been read. The result variables are then only in the cache log.
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL grip_embed_web_assets)
endif()
