export { Comment, commentRange, type CommentOptions } from './comment';
export { registerCommentEditor, selectCommentAnchor } from './commentAnchors';
