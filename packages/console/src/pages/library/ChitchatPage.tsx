import { LibraryPage } from './LibraryPage';

export default function ChitchatPage() {
  return <LibraryPage library="chitchat" />;
}
