# neurite_add_plugin(name source...) builds one plugin library, name.so, as the host loads it:
# a MODULE with hidden visibility (only the two Boost.DLL aliases are exported) and no
# unresolved symbols. Never add -ffast-math to its link line: GCC would then link start-up
# code that turns on flush-to-zero for the whole process as soon as the plugin is loaded.
function(neurite_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE Neurite::sdk)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(NEURITE_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY ${NEURITE_PLUGIN_OUTPUT_DIRECTORY})
  endif()
  if(NEURITE_PLUGIN_INSTALL_DIR)
    install(TARGETS ${name} LIBRARY DESTINATION ${NEURITE_PLUGIN_INSTALL_DIR})
    set_property(GLOBAL APPEND PROPERTY NEURITE_SHIPPED_PLUGINS ${name})
  endif()
endfunction()
