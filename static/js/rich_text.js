// The rich-text editor of the admin (django-prose-editor's ProseMirror build).
//
// Our own preset instead of the package's "configurable" one, for two reasons:
// - the editor is created with injectCSS off: Tiptap would otherwise add a
//   <style> element, which the site's Content-Security-Policy refuses (its base
//   rules live in static/css/rich_text.css instead);
// - it adds "LibraryImage", images picked from the site's image library with
//   their alt text (or marked decorative) and credit.
// The toolbar comes from the field's configuration (content/fields.py), which
// also decides what the server keeps when it sanitises.
import * as pe from "django-prose-editor/editor"

const ATTRIBUTE = "data-django-prose-editor-eurocities"
const gettext = window.gettext || ((text) => text)
const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many))
const interpolate = window.interpolate || ((text, values) => text.replace("%s", values[0]))

// -- The image picker --------------------------------------------------------

let dialogCount = 0

function field(label, control, help) {
  const children = [pe.crel("label", { htmlFor: control.id, textContent: label }), control]
  if (help) {
    const helpId = `${control.id}-help`
    control.setAttribute("aria-describedby", helpId)
    children.push(pe.crel("p", { id: helpId, className: "image-picker__help", textContent: help }))
  }
  return pe.crel("div", { className: "prose-editor-dialog-field" }, children)
}

function imageChoice(image, prefix) {
  const id = `${prefix}-image-${image.id}`
  const radio = pe.crel("input", { type: "radio", name: "image", value: String(image.id), id })
  const description = image.decorative ? gettext("Decorative image") : image.alt
  return pe.crel("li", { className: "image-picker__choice" }, [
    radio,
    pe.crel("label", { htmlFor: id }, [
      // The label's text names the image; the thumbnail adds nothing for a screen reader.
      pe.crel("img", { src: image.thumbnail, alt: "", width: 60, height: 80 }),
      pe.crel("span", { className: "image-picker__title", textContent: image.title }),
      pe.crel("span", { className: "image-picker__alt", textContent: description }),
    ]),
  ])
}

function pickImage(editor, options) {
  return new Promise((resolve) => {
    const prefix = `image-picker-${++dialogCount}`
    const titleId = `${prefix}-title`
    const search = pe.crel("input", { type: "search", id: `${prefix}-search`, name: "q" })
    const list = pe.crel("ul", { className: "image-picker__list" })
    const status = pe.crel("p", { className: "image-picker__status", role: "status" })
    const alt = pe.crel("input", { type: "text", id: `${prefix}-alt`, name: "alt", size: 50 })
    const decorative = pe.crel("input", {
      type: "checkbox",
      id: `${prefix}-decorative`,
      name: "decorative",
    })
    const credit = pe.crel("input", { type: "text", id: `${prefix}-credit`, name: "credit", size: 50 })
    const insert = pe.crel("button", { type: "submit", textContent: gettext("Insert image") })
    const cancel = pe.crel("button", { type: "button", textContent: gettext("Cancel") })
    const error = pe.crel("p", { className: "image-picker__error", role: "alert" })
    let images = new Map()

    const form = pe.crel("form", { className: "image-picker" }, [
      pe.crel("h3", {
        id: titleId,
        className: "prose-editor-dialog-title",
        textContent: gettext("Insert an image from the library"),
      }),
      field(gettext("Search the library"), search),
      pe.crel("fieldset", { className: "image-picker__images" }, [
        pe.crel("legend", { textContent: gettext("Image") }),
        status,
        list,
      ]),
      pe.crel("p", {}, [
        pe.crel("a", {
          href: options.addUrl,
          target: "_blank",
          textContent: gettext("Upload a new image to the library (opens in a new tab)"),
        }),
      ]),
      field(
        gettext("Alt text"),
        alt,
        gettext("What the image shows here, for people who cannot see it."),
      ),
      pe.crel("div", { className: "prose-editor-dialog-field image-picker__checkbox" }, [
        decorative,
        pe.crel("label", {
          htmlFor: decorative.id,
          textContent: gettext("Decorative: it adds nothing to the text (no alt text)"),
        }),
      ]),
      field(gettext("Credit (optional)"), credit, gettext("Shown under the image.")),
      error,
      pe.crel("div", { className: "prose-editor-dialog-buttons" }, [insert, cancel]),
    ])
    const dialog = pe.crel("dialog", { className: "prose-editor-dialog", "aria-labelledby": titleId }, [
      form,
    ])
    const wrapper = pe.crel("div", {}, [dialog])
    // In <body>, away from the admin's form-row styles (floated fixed-width
    // labels, stretched inputs on a phone), which are not meant for a dialog.
    document.body.append(wrapper)

    async function load() {
      status.textContent = gettext("Loading images…")
      const url = new URL(options.listUrl, window.location.href)
      if (search.value.trim()) url.searchParams.set("q", search.value.trim())
      try {
        const response = await fetch(url, { credentials: "same-origin" })
        if (!response.ok) throw new Error(response.statusText)
        const data = await response.json()
        images = new Map(data.images.map((image) => [String(image.id), image]))
        list.replaceChildren(...data.images.map((image) => imageChoice(image, prefix)))
        status.textContent = data.images.length
          ? interpolate(ngettext("%s image", "%s images", data.images.length), [data.images.length])
          : gettext("No image found. Upload one to the library first.")
      } catch {
        status.textContent = gettext("The image library could not be loaded.")
      }
    }

    let searchTimer
    search.addEventListener("input", () => {
      clearTimeout(searchTimer)
      searchTimer = setTimeout(load, 250)
    })
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault()
        clearTimeout(searchTimer)
        load()
      }
    })
    list.addEventListener("change", (event) => {
      const image = images.get(event.target.value)
      if (!image) return
      alt.value = image.alt
      decorative.checked = image.decorative
      alt.disabled = image.decorative
      credit.value = image.credit
    })
    decorative.addEventListener("change", () => {
      alt.disabled = decorative.checked
      if (decorative.checked) alt.value = ""
    })
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      wrapper.remove()
      resolve(null)
    })
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      const chosen = form.querySelector("input[name=image]:checked")
      const image = chosen && images.get(chosen.value)
      if (!image) {
        error.textContent = gettext("Choose an image.")
        return
      }
      if (!decorative.checked && !alt.value.trim()) {
        error.textContent = gettext("Describe the image, or mark it as decorative.")
        alt.focus()
        return
      }
      const attrs = {
        id: String(image.id),
        src: image.src,
        width: String(image.width),
        height: String(image.height),
        alt: decorative.checked ? "" : alt.value.trim(),
        credit: credit.value.trim(),
      }
      wrapper.remove()
      resolve(attrs)
    })

    dialog.showModal()
    load()
  })
}

const LibraryImage = pe.Node.create({
  name: "libraryImage",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { listUrl: "", addUrl: "" }
  },

  addAttributes() {
    return {
      id: { default: null },
      src: { default: null },
      alt: { default: "" },
      width: { default: null },
      height: { default: null },
      credit: { default: "" },
    }
  },

  parseHTML() {
    return [
      {
        tag: "figure",
        getAttrs(dom) {
          const img = dom.querySelector("img")
          if (!img) return false
          const caption = dom.querySelector("figcaption")
          return {
            id: img.getAttribute("data-image"),
            src: img.getAttribute("src"),
            alt: img.getAttribute("alt") || "",
            width: img.getAttribute("width"),
            height: img.getAttribute("height"),
            credit: caption ? caption.textContent.trim() : "",
          }
        },
      },
    ]
  },

  renderHTML({ node }) {
    const { id, src, alt, width, height, credit } = node.attrs
    const img = ["img", { src, alt: alt || "", width, height, "data-image": id }]
    return credit ? ["figure", {}, img, ["figcaption", {}, credit]] : ["figure", {}, img]
  },

  addCommands() {
    return {
      insertLibraryImage:
        () =>
        ({ editor }) => {
          pickImage(editor, this.options).then((attrs) => {
            if (attrs) editor.chain().focus().insertContent({ type: this.name, attrs }).run()
          })
          return true
        },
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "libraryImage",
      groups: "nodes",
      command(editor) {
        editor.commands.insertLibraryImage()
      },
      button: buttons.material("image", gettext("Insert an image from the library")),
    })
  },
})

// -- The editor ----------------------------------------------------------------

function extensionsFor(config) {
  const extensions = []
  for (const [name, options] of Object.entries(config.extensions || {})) {
    if (options === false) continue
    if (name === "LibraryImage") {
      extensions.push(LibraryImage.configure(config.imageLibrary || {}))
      continue
    }
    const extension = pe[name]
    if (!extension) continue
    extensions.push(typeof options === "object" ? extension.configure(options) : extension)
  }
  return extensions
}

function labelFor(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`)
  return label ? label.textContent.replace(/:\s*$/, "").trim() : gettext("Rich text")
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const disabled = textarea.hasAttribute("disabled")
  const element = pe.crel("div", { className: `prose-editor${disabled ? " disabled" : ""}` })
  textarea.before(element)
  element.append(textarea)
  const describedBy = textarea.getAttribute("aria-describedby")
  return new pe.Editor({
    element,
    editable: !disabled,
    injectCSS: false,
    extensions: extensionsFor(config),
    content: textarea.value,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": labelFor(textarea),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      },
    },
    onUpdate({ editor }) {
      const html = editor.getHTML()
      // An editor holding one empty paragraph is an empty field.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      element.before(textarea)
      element.remove()
    },
  })
}

pe.initializeEditors(createEditor, `[${ATTRIBUTE}]`)
