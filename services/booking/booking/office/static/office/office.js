// The back office needs little script: htmx does the partial updates. This selects the
// embed snippet or a new API key on focus, so copying it is one keystroke.
document.addEventListener("focusin", (event) => {
  const field = event.target;
  if (field.matches("#embed-snippet, #new-key")) field.select();
});
