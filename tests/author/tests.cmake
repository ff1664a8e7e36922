# The author's loop: page previews, watch mode, import and the template (tests/author/).
# Exit 77 means a tool is missing outside CI: counted as skipped.
foreach(pair preview:compare preview:files preview:thumbnails watch:edits watch:inputs watch:atomic watch:folder
             import:docx import:html import:md import:nopandoc import:pictures import:refused import:new
             import:lists import:inline)
  string(REPLACE ":" ";" parts ${pair})
  list(GET parts 0 script)
  list(GET parts 1 check)
  add_test(NAME author.${script}.${check}
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/author/${script}_checks.py ${check}
                   --handout $<TARGET_FILE:handout> --source-dir ${CMAKE_SOURCE_DIR}
                   --work-dir ${CMAKE_CURRENT_BINARY_DIR}/author-work/${script}-${check})
  set_tests_properties(author.${script}.${check} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
